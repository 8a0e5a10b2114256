// The demo shop's own script. It runs before the body is parsed so the page language is set
// before the widget reads it, then translates the page and drives the widget's public API.
(() => {
  const LANGUAGES = ['en', 'fr', 'de', 'es', 'it'];
  const TEXT = {
    en: {
      skip: 'Skip to content',
      navLabel: 'Shop',
      navWomen: 'Women',
      navMen: 'Men',
      navNew: 'New in',
      navHelp: 'Help',
      languageLabel: 'Language',
      heroEyebrow: 'Autumn collection',
      heroTitle: 'Made in Europe, made to last',
      heroText:
        'Linen, wool and leather from small workshops in Portugal, Italy and France. Free standard delivery from €60 and 30 days to change your mind.',
      heroCta: 'Shop the collection',
      productsTitle: 'New this week',
      product1: 'Linen shirt',
      product2: 'Wool coat',
      product3: 'Silk scarf',
      product4: 'Leather loafers',
      product5: 'Denim jacket',
      product6: 'Cashmere sweater',
      helpTitle: 'Questions about an order?',
      helpText:
        'Delivery times, returns, sizes, payment: our assistant answers in your language, day and night, and passes you to our team when you need a person.',
      helpButton: 'Chat with us',
      footerNote: 'Tessera is a fictional shop: this page demonstrates the Parley support widget.',
      footerEmbed: 'This page embeds the widget the way any site would, with one script tag:',
    },
    fr: {
      skip: 'Aller au contenu',
      navLabel: 'Boutique',
      navWomen: 'Femme',
      navMen: 'Homme',
      navNew: 'Nouveautés',
      navHelp: 'Aide',
      languageLabel: 'Langue',
      heroEyebrow: 'Collection automne',
      heroTitle: 'Fabriqué en Europe, fait pour durer',
      heroText:
        'Lin, laine et cuir issus de petits ateliers au Portugal, en Italie et en France. Livraison standard offerte dès 60 € et 30 jours pour changer d\u2019avis.',
      heroCta: 'Découvrir la collection',
      productsTitle: 'Nouveau cette semaine',
      product1: 'Chemise en lin',
      product2: 'Manteau en laine',
      product3: 'Foulard en soie',
      product4: 'Mocassins en cuir',
      product5: 'Veste en jean',
      product6: 'Pull en cachemire',
      helpTitle: 'Une question sur une commande ?',
      helpText:
        'Délais de livraison, retours, tailles, paiement : notre assistant répond dans votre langue, jour et nuit, et vous met en relation avec notre équipe si besoin.',
      helpButton: 'Discuter avec nous',
      footerNote:
        'Tessera est une boutique fictive : cette page présente le widget d\u2019assistance Parley.',
      footerEmbed:
        'Cette page intègre le widget comme n\u2019importe quel site, avec une seule balise script :',
    },
    de: {
      skip: 'Zum Inhalt springen',
      navLabel: 'Shop',
      navWomen: 'Damen',
      navMen: 'Herren',
      navNew: 'Neuheiten',
      navHelp: 'Hilfe',
      languageLabel: 'Sprache',
      heroEyebrow: 'Herbstkollektion',
      heroTitle: 'In Europa gefertigt, für lange Zeit gemacht',
      heroText:
        'Leinen, Wolle und Leder aus kleinen Werkstätten in Portugal, Italien und Frankreich. Kostenloser Standardversand ab 60 € und 30 Tage Bedenkzeit.',
      heroCta: 'Zur Kollektion',
      productsTitle: 'Neu diese Woche',
      product1: 'Leinenhemd',
      product2: 'Wollmantel',
      product3: 'Seidentuch',
      product4: 'Leder-Loafer',
      product5: 'Jeansjacke',
      product6: 'Kaschmirpullover',
      helpTitle: 'Fragen zu einer Bestellung?',
      helpText:
        'Lieferzeiten, Rücksendungen, Größen, Zahlung: Unser Assistent antwortet in Ihrer Sprache, rund um die Uhr, und verbindet Sie mit unserem Team, wenn Sie eine Person brauchen.',
      helpButton: 'Chat starten',
      footerNote: 'Tessera ist ein fiktiver Shop: Diese Seite zeigt das Parley-Support-Widget.',
      footerEmbed:
        'Diese Seite bindet das Widget so ein wie jede andere Website, mit einem einzigen Script-Tag:',
    },
    es: {
      skip: 'Ir al contenido',
      navLabel: 'Tienda',
      navWomen: 'Mujer',
      navMen: 'Hombre',
      navNew: 'Novedades',
      navHelp: 'Ayuda',
      languageLabel: 'Idioma',
      heroEyebrow: 'Colección de otoño',
      heroTitle: 'Hecho en Europa, hecho para durar',
      heroText:
        'Lino, lana y piel de pequeños talleres de Portugal, Italia y Francia. Envío estándar gratis desde 60 € y 30 días para cambiar de opinión.',
      heroCta: 'Ver la colección',
      productsTitle: 'Novedades de la semana',
      product1: 'Camisa de lino',
      product2: 'Abrigo de lana',
      product3: 'Pañuelo de seda',
      product4: 'Mocasines de piel',
      product5: 'Chaqueta vaquera',
      product6: 'Jersey de cachemir',
      helpTitle: '¿Preguntas sobre un pedido?',
      helpText:
        'Plazos de entrega, devoluciones, tallas, pagos: nuestro asistente responde en tu idioma, de día y de noche, y te pasa con nuestro equipo cuando necesitas a una persona.',
      helpButton: 'Chatea con nosotros',
      footerNote:
        'Tessera es una tienda ficticia: esta página muestra el widget de atención Parley.',
      footerEmbed:
        'Esta página integra el widget como cualquier web, con una sola etiqueta script:',
    },
    it: {
      skip: 'Vai al contenuto',
      navLabel: 'Negozio',
      navWomen: 'Donna',
      navMen: 'Uomo',
      navNew: 'Novità',
      navHelp: 'Aiuto',
      languageLabel: 'Lingua',
      heroEyebrow: 'Collezione autunno',
      heroTitle: 'Fatto in Europa, fatto per durare',
      heroText:
        'Lino, lana e pelle da piccoli laboratori in Portogallo, Italia e Francia. Spedizione standard gratuita da 60 € e 30 giorni per cambiare idea.',
      heroCta: 'Scopri la collezione',
      productsTitle: 'Novità della settimana',
      product1: 'Camicia di lino',
      product2: 'Cappotto di lana',
      product3: 'Foulard di seta',
      product4: 'Mocassini in pelle',
      product5: 'Giacca di jeans',
      product6: 'Maglione di cashmere',
      helpTitle: 'Domande su un ordine?',
      helpText:
        'Tempi di consegna, resi, taglie, pagamenti: il nostro assistente risponde nella tua lingua, giorno e notte, e ti passa al nostro team quando ti serve una persona.',
      helpButton: 'Chatta con noi',
      footerNote:
        'Tessera è un negozio immaginario: questa pagina mostra il widget di assistenza Parley.',
      footerEmbed: 'Questa pagina integra il widget come qualsiasi sito, con un solo tag script:',
    },
  };

  function stored() {
    try {
      return localStorage.getItem('tessera:lang');
    } catch {
      return null;
    }
  }
  function initialLanguage() {
    const fromUrl = new URLSearchParams(location.search).get('lang');
    const candidates = [fromUrl, stored()].concat(navigator.languages || [navigator.language]);
    for (let i = 0; i < candidates.length; i++) {
      const primary = String(candidates[i] || '')
        .toLowerCase()
        .split('-')[0];
      if (LANGUAGES.indexOf(primary) !== -1) return primary;
    }
    return 'en';
  }

  // The widget may load before or after this page is ready: queue the call if it is not there yet.
  function callWidget(method, argument) {
    if (window.Parley && !Array.isArray(window.Parley)) {
      window.Parley[method](argument);
      return;
    }
    window.Parley = window.Parley || [];
    window.Parley.push([method, argument]);
  }

  function translate(language) {
    const text = TEXT[language];
    document.title = `Tessera — ${text.heroTitle}`;
    document.querySelectorAll('[data-i18n]').forEach((element) => {
      element.textContent = text[element.getAttribute('data-i18n')];
    });
    document.querySelectorAll('[data-i18n-attr]').forEach((element) => {
      const parts = element.getAttribute('data-i18n-attr').split(':');
      element.setAttribute(parts[0], text[parts[1]]);
    });
    const money = new Intl.NumberFormat(language, {
      style: 'currency',
      currency: 'EUR',
      maximumFractionDigits: 0,
    });
    document.querySelectorAll('[data-price]').forEach((element) => {
      element.textContent = money.format(Number(element.getAttribute('data-price')));
    });
    document.querySelectorAll('[data-lang]').forEach((button) => {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-lang') === language));
    });
  }

  function setLanguage(language) {
    document.documentElement.lang = language;
    try {
      localStorage.setItem('tessera:lang', language);
    } catch {
      /* private mode */
    }
    translate(language);
    callWidget('setLocale', language);
  }

  document.documentElement.lang = initialLanguage();
  document.addEventListener('DOMContentLoaded', () => {
    translate(document.documentElement.lang);
    document.querySelectorAll('[data-lang]').forEach((button) => {
      button.addEventListener('click', () => {
        setLanguage(button.getAttribute('data-lang'));
      });
    });
    document.getElementById('open-chat').addEventListener('click', () => {
      callWidget('open');
    });
  });
})();
