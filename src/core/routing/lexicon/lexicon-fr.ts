import { patterns, type RoutingLexicon } from '../routing-lexicon.js';

// "personne" alone also means "nobody" ("personne ne répond"): only with a determiner.
const STAFF =
  '(conseiller|conseillere|conseillers|humain|humaine|etre humain|agent|agents|operateur|operatrice|' +
  'interlocuteur|interlocutrice|responsable|superieur|manager|collaborateur|collaboratrice|employe|employee|' +
  'quelqu un|quelqu une|technicien|technicienne|vendeur|vendeuse|service client|service clientele|support|' +
  '(une|la|vraie|autre|une vraie|une autre) personne|vrai quelqu un|membre (de votre|de l|du) (equipe|service|personnel))s?';

export const LEXICON_FR: RoutingLexicon = {
  language: 'fr',
  rewrites: [
    [/\bj(veux|voudrais|aimerais|peux|suis|attends|arrive|comprends|ai|en)\b/g, 'je $1'],
    [/\b(chui|chuis|jsuis|jsui)\b/g, 'je suis'],
    [/\b(qqn|qq1|qqun)\b/g, 'quelqu un'],
    [/\bqqch\b/g, 'quelque chose'],
    [/\b(svp|stp)\b/g, 's il vous plait'],
    [/\b(pk|pq|pkoi|pourkoi)\b/g, 'pourquoi'],
    [/\bbcp\b/g, 'beaucoup'],
    [/\bpr\b/g, 'pour'],
    [/\bds\b/g, 'dans'],
    [/\bc (nul|pas|quoi|trop|honteux|n importe)\b/g, 'c est $1'],
    [/\bkel(le)?\b/g, 'quel$1'],
  ],
  vocabulary: [
    'conseiller', 'conseillere', 'personne', 'humain', 'operateur', 'avocat', 'tribunal', 'rembourse',
    'remboursement', 'preleve', 'prelevement', 'inadmissible', 'inacceptable', 'scandaleux', 'lamentable',
    'honteux', 'furieux', 'abonnement', 'commande', 'livraison', 'relation', 'parler', 'quelqu',
  ],
  humanRequested: {
    match: patterns(
      `(parler|discuter|echanger|communiquer|causer|parle|parlez|discute|echange|m entretenir|m adresser|avoir affaire) (a|avec|au|aux) ~3 ${STAFF}`,
      '(vrai|vraie|veritable|reel|reelle) (humain|humaine|personne|conseiller|conseillere|interlocuteur|etre humain|agent|quelqu un|operateur)',
      '(personne|humain|quelqu un|interlocuteur|conseiller) (reel|reelle|de vrai|physique|vivant|vivante)|etre humain|en chair et en os',
      '(mettre|mettez|mets|mise|mis|me mettre) ~2 en (relation|contact|communication)',
      `(passer|passez|passe|passes|transferer|transferez|transfere|transmettre|transmettez|rediriger|redirigez|orienter|orientez|connecter) ~3 ${STAFF}`,
      '(joindre|contacter|appeler|avoir|obtenir|veux|voudrais|souhaite|souhaiterais|aimerais|besoin d|exige|demande|prefere|preferais) ~3 (un|une|le|la|au|a un) ~1 (conseiller|conseillere|humain|operateur|operatrice|agent|interlocuteur|responsable|vraie personne|vrai humain|etre humain|personne physique)',
      '(rappelez|rappeler|rappelle|recontactez|recontacter|appelez|appeler|telephonez) (moi|me)|(me|m) (rappeler|rappeliez|appeler|appeliez|recontacter|telephoner)|rappel telephonique|etre (rappele|rappelee|recontacte|recontactee)',
      '(pas|plus|marre|arrete|arretez|assez|stop|plutot qu|plutot que|que des|au lieu d|au lieu de) ~4 (robot|robots|bot|bots|chatbot|machine|ia|intelligence artificielle|automate|reponse automatique|reponses automatiques)',
      `${STAFF} (au|par) (telephone|tel|bout du fil)`,
      `(etre )?(contacte|contactee|rappele|rappelee|appele|appelee|recontacte|recontactee) par ~3 ${STAFF}`,
      `${STAFF} ~3 (me|m|nous) (contacter|contacte|rappeler|rappelle|appeler|appelle|ecrire|ecrive|recontacter)`,
      `${STAFF} ~4 (reprendre|reprenne|prendre le relais|prenne le relais|prendre en charge|prenne en charge|intervenir|intervienne)`,
      '(y a t il|y a t|il y a|y a) ~1 (quelqu un|un humain|une personne|un conseiller|un etre humain)',
      '^(un |une )?(conseiller|conseillere|humain|operateur|agent|une personne|un humain)( s il vous plait| merci| maintenant)*$',
    ),
    ignore: patterns('(j ai|j avais|nous avons|on a|deja|hier|il m a|elle m a) ~2 (parle|discute|echange) (a|avec)', '(livreur|facteur|transporteur) ', '(comment|ou|quand) ~3 (contacter|joindre|appeler|ecrire a)'),
  },
  legalThreat: {
    match: patterns(
      'avocat|avocate|avocats|juriste|conseil juridique|service juridique|protection juridique|huissier|tribunal|tribunaux|justice|juge|proces',
      '(porter|porterai|porte|deposer|deposerai|deposer une|depose) ~1 plainte|plainte contre',
      'poursuivre en justice|vous poursuivre|poursuites|action en justice|attaquer en justice|mise en demeure|mettre en demeure|mets en demeure|saisir ~2 (justice|tribunal|avocat|mediateur)|saisis ~2 (justice|tribunal|avocat|mediateur)',
      'dgccrf|ufc|que choisir|60 millions|association ~2 consommateurs|mediateur|mediation de la consommation|signalconso|signal conso|repression des fraudes|prud hommes',
      'faire valoir mes droits|je me reserve le droit|(voies|instances) (competentes|appropriees)|(engager|engagerai|intenter|intenterai) ~3 (poursuites|action|proces|procedure)|(verifier|examiner|etudier) ~3 juridiquement|(la|a la) police|commissariat|gendarmerie|judiciaire|(action|demarche|procedure|recours|voie|poursuite)s? (legale|juridique|judiciaire)s?|juridiquement|class action|action de groupe',
    ),
    ignore: patterns(
      '(ami|amie|copain|copine|frere|soeur|cousin|cousine|pere|mere|mari|femme) ~2 avocat[a-z]*',
      '(suis|etant|en tant qu|en tant que) ~2 avocat[a-z]*',
    ),
  },
  billingDispute: {
    match: patterns(
      '(debite[a-z]*|preleve[a-z]*|facture[a-z]*|paye|payee|encaisse[a-z]*) ~10 (site|panier|appli|application|page) ~3 (affichait|indiquait|annoncait|disait|montrait) ~3 ([0-9]+|prix|total|montant)|(site|panier|appli|application|page) ~3 (affichait|indiquait|annoncait|disait|montrait) ~3 ([0-9]+|prix|total|montant) ~10 (debite[a-z]*|preleve[a-z]*|facture[a-z]*|paye|payee|encaisse[a-z]*)',
      'rembours[a-z]* ~3 (la )?difference|difference ~3 rembours[a-z]*',
      '(debite[a-z]*|preleve[a-z]*|facture[a-z]*) ~12 alors que ~3 (resilie|annule|desabonne|retourne|renvoye|rendu)',
      '(debite[a-z]*|preleve[a-z]*|facture[a-z]*) ~3 (a nouveau|de nouveau|une nouvelle fois|encore une fois)|(encore|a nouveau|de nouveau) ~3 (debite[a-z]*|preleve[a-z]*)',
      '(preleve|prelevee|prelevement|prelevements|debite|debitee|facture|facturee|paye|payee|encaisse|charge|charges) ~3 (deux fois|2 fois|trois fois|en double|a double|doublement|a tort|par erreur|sans (mon )?(accord|autorisation|consentement))',
      '(double|doublon|doubles) (prelevement|prelevements|debit|debits|paiement|paiements|facturation|factures)|(deux|2|trois) (prelevements|debits)|(deux|2|trois) (paiements|factures|transactions) (identiques|pour (la meme|une seule|une meme))',
      '(prelevement|debit|paiement|transaction|montant|facture) ~2 (non autorise|inconnu|frauduleux|errone|incorrect|injustifie|abusif|que je ne reconnais pas)',
      'trop (preleve|percu|facture|paye|debite)|surfactur[a-z]*|(fait|faire|ferai) opposition|contestation ~3 (banque|bancaire|carte)',
      'contest[a-z]* ~3 (prelevement|debit|paiement|facture|montant|transaction)',
      '(resilie|resiliation|annule|annulation|desabonne|desinscrit|arrete) ~8 (mais|pourtant|toujours|encore|continue[a-z]*|quand meme|malgre) ~4 (preleve[a-z]*|prelev[a-z]*|debit[a-z]*|factur[a-z]*)',
      '(continuez|continue|continuer|continuent|continuer) (a|de) (me )?(prelever|debiter|facturer|faire payer)',
      '(remboursement|rembourse|remboursee|argent) ~6 (toujours pas|pas encore|jamais|toujours rien|toujours en attente)',
      '(toujours pas|pas encore|jamais) ete (rembourse|remboursee)|(ne|n) (suis|ai) (toujours pas|pas encore|jamais) ~2 (rembourse|remboursee)',
      '(toujours pas|pas encore|jamais|rien) (recu|vu|percu|touche) ~2 (remboursement|argent)',
      'pourquoi ~4 (preleve[a-z]*|facture[a-z]*|debite[a-z]*|fait payer)',
      '(preleve[a-z]*|facture[a-z]*|debite[a-z]*) ~8 (resilie[a-z]*|annule[a-z]*|desabonne[a-z]*)',
    ),
    chargeTerms: patterns('(m|me|nous) (avez|a|ont) (compte|comptes)|preleve[a-z]*|prelev[a-z]*|debit[a-z]*|fait payer|faire payer|factur[a-z]*|paye|payee|paiement[s]?|encaiss[a-z]*|montant|somme|carte|compte bancaire|releve|virement|transaction[s]?|euros?|argent'),
    disputeTerms: patterns(
      '[23]x',
      'deux fois|2 fois|trois fois|en double|doublon|a tort|par erreur|sans (mon )?(accord|autorisation|consentement)',
      'non autorise[a-z]*|(ne|n) (reconnais|reconnait) pas|inconnu|frauduleu[a-z]*|errone[a-z]*|incorrect[a-z]*|mauvais montant',
      'trop (eleve|cher|preleve|facture|paye)|de trop|en trop|au lieu de|plus que (prevu|le prix|indique)|le double',
      '(ne|n) (correspond|correspondent) (pas|plus)|pas le bon montant|plus (eleve|cher) que|(superieur|superieure|different|differente) (a|au|de|du|des)',
      '(n ai|n avons|n a) (jamais|pas) (souscrit|commande|demande|autorise|valide|achete|signe)',
      'alors que ~3 (resilie|annule|commande|prix|montant|total|faisait|coutait|affichait|etait|indique)',
      '(alors que|pourtant|malgre|bien que) ~4 (gratuit[a-z]*|inclus[a-z]*|offert[a-z]*|abonne[a-z]*|abonnement|premium|resilie|annule|rembourse|retourne)',
      'pas (le montant|le prix|ce qui etait|ce qui a ete) ~2 (convenu|prevu|indique|affiche|annonce)',
      '(apres|malgre) ~3 (resiliation|annulation|avoir resilie|avoir annule)',
      '(resilie|annule) ~6 (mais|pourtant|toujours|encore|continu[a-z]*)',
    ),
  },
  negativeSentiment: {
    match: patterns(
      'inadmissible|inacceptable|scandal[a-z]*|honteu[a-z]*|honte|lamentable|pathetique|minable|pitoyable|deplorable|catastroph[a-z]*|insupportable|intolerable|horrible|affreu[a-z]*|epouvantable|desastr[a-z]*|nul|nulle|nuls|nulles|nullissime|nullite',
      'ras le bol|raz le bol|marre|j en ai assez|en ai assez|furieu[a-z]*|en colere|colere|enrage[a-z]*|enerve[a-z]*|exaspere[a-z]*|excede[a-z]*|outre[a-z]*|indigne[a-z]*|degoute[a-z]*|degueulasse|ecoeur[a-z]*',
      'arnaque[a-z]*|arnaqueur[a-z]*|escroc[a-z]*|voleur[a-z]*|incompeten[a-z]*|irrespectueu[a-z]*|mepris',
      'n importe quoi|(vous )?(foutez|fichez|moquez) ~2 (de|du)|se (moque|fout|fiche) (de|du)|foutage de gueule|c est une blague|quelle blague',
      'pire|pires',
      'merde|putain|bordel|connard[a-z]*|abruti[a-z]*|idiot[a-z]*|debile[a-z]*|bande de',
      'plus jamais|jamais plus|(troisieme|quatrieme|cinquieme|enieme|nieme|10e|3e|4e|5e|dixieme) fois',
      '(deux|trois|quatre|cinq|plusieurs|maintes|[0-9]+) (fois|relances|messages|mails|emails) ~2 (que j|que je|que nous|deja)|combien de fois',
      'personne ne (me )?(repond|m aide|aide|rappelle|reagit|lit)|aucune (reponse|nouvelle) ~3 (depuis|toujours|encore)|toujours aucune',
      '(tres|vraiment|extremement|profondement|totalement|completement|super) (decu|decue|decus|mecontent[a-z]*|insatisfait[a-z]*|enerve[a-z]*|agace[a-z]*)|mecontent[a-z]*',
      'merci pour rien',
      '(n en peux|n en pouvons|n en peut) plus|(ca|cela) suffit|c est assez|trop c est trop|(rend|rendez|rendre) (fou|folle|dingue)|hors de moi|ras la casquette|a bout|(perds|perdre|perdu|perdons) ~2 patience|patience a (des|ses) limites|goutte d eau|incapables|guignols|clowns|amateurs|charlatans|voyous|sans gene',
    ),
    ignore: patterns('nulle part|match nul|nul besoin|nul doute|au pire|pire des cas|sans colere', 'pas (de |d )?(probleme|souci)'),
    sarcasticPraise: patterns(
      'bravo|felicitations|chapeau|(super|genial|excellent|top|parfait|merveilleux|magnifique|formidable) (service|travail|boulot|job)|merci beaucoup|merci bien|vraiment top|quel (service|professionnalisme)|c est (top|genial|parfait|super)',
    ),
    unresolvedProblem: patterns(
      'toujours (pas|rien|aucun[a-z]*|en attente|bloque[a-z]*)|(jours|semaines|mois) ~3 (toujours|rien|pas|sans)',
      '(aucune|pas de) (reponse|nouvelle|colis)|jamais (arrive[a-z]*|recu|repondu)|encore une fois|(troisieme|quatrieme) fois',
    ),
    gratitude: patterns('merci|super|genial|parfait|top|bravo|excellent|content[a-z]*|ravi[a-z]*|heureu[a-z]*|adore'),
  },
  topics: [
    {
      topic: 'returns',
      match: patterns(
        '(frais|bordereau|etiquette|cout|couts|politique|delai|conditions|formulaire) ~2 (retour|retours|renvoi)',
        'retour[a-z]*|retourn[a-z]*|renvo[a-z]*|renvoy[a-z]*|rembours[a-z]*|retractation|restitu[a-z]*|recuperer ~2 argent',
      ),
    },
    {
      topic: 'exchange',
      match: patterns(
        'echanger (un|une|le|la|les|mon|ma|mes|cet|cette|contre)|echange (de|d un|d une|du|contre)|echanges',
        '(autre|bonne|mauvaise|plus grande|plus petite|nouvelle) (taille|couleur|pointure|modele)|(changer|change|modifier) ~3 (taille|couleur|pointure)|taille|pointure|trop (petit|grand|large|serre|court|long)[a-z]*|remplace[a-z]*',
      ),
    },
    {
      topic: 'tracking',
      match: patterns(
        '(suivre|suivi|suivez|suis) ~3 (commande|colis|envoi|livraison|paquet)|suivi|numero de (suivi|colis)|ou (en est|est) ~2 (commande|colis|paquet|livraison)',
        '(commande|colis|paquet) ~3 (pas|jamais|toujours pas) (arrive[a-z]*|recu[a-z]*|livre[a-z]*)|(pas|jamais|toujours pas) (recu|arrive[a-z]*) ~2 (commande|colis|paquet)',
      ),
    },
    { topic: 'order_change', match: patterns('(annul[a-z]*|modifi[a-z]*|changer) ~2 (commande|achat)') },
    { topic: 'account_deletion', match: patterns('(supprim[a-z]*|effac[a-z]*|fermer|fermeture|cloturer|cloture|desactiv[a-z]*) ~3 (compte|donnees|profil|informations)|rgpd|donnees personnelles|droit a l oubli') },
    {
      topic: 'account_access',
      match: patterns(
        'mot de passe|mdp|identifiant[a-z]*|code (de secours|de verification|de confirmation|sms|de securite)|(me|se|m|vous) (connecter|connecte|reconnecter)|connexion|(acceder|acces) ~3 (compte|espace)|espace client|compte (bloque|verrouille|pirate)',
        'adresse (e mail|email|mail|electronique)',
      ),
    },
    { topic: 'invoice', match: patterns('factur[a-z]*|tva|numero (de )?(tva|siret|siren)|siret|justificatif|(adresse|coordonnees) de facturation') },
    { topic: 'subscription', match: patterns('abonn[a-z]*|desabonn[a-z]*|resili[a-z]*|souscri[a-z]*|forfait|formule|premium|mensuel[a-z]*|annuel[a-z]*|renouvel[a-z]*|adhesion|essai gratuit') },
    { topic: 'payment', match: patterns('(payer|paye|payez|regler|reglez) (avec|par|en|via|a la|comptant)|(paiement|reglement) (par|en|via|refuse|echoue|a la livraison|en plusieurs fois)|moyens? de (paiement|payer)|(regler|payer|paiement|reglement) ~3 (plusieurs|[0-9]+|deux|trois|quatre) fois|paypal|carte (bancaire|bleue|de credit|cadeau)|cartes bancaires|cb|visa|mastercard|amex|virement|klarna|alma|apple pay|google pay|cheque|carte refusee') },
    { topic: 'shipping', match: patterns('livr[a-z]*|expedi[a-z]*|envoi|envois|frais de port|transporteur|colissimo|chronopost|ups|dhl|dpd|gls|mondial relay|point relais|express|adresse de livraison|(autre|nouvelle|mauvaise) adresse|(changer|modifier|changement|corriger) ~3 adresse|code postal|etranger|international[a-z]*') },
    { topic: 'discount', match: patterns('code[s]? (promo|promotionnel|de reduction|reduc|remise|cadeau)|promo[a-z]*|reduc[a-z]*|remise[s]?|coupon[s]?|bon (de reduction|d achat)|soldes?|[0-9]+ (pourcent|pour cent)|offre[s]?|code|codes') },
    { topic: 'contact', match: patterns('horaire[s]?|(heures|jours) d (ouverture|assistance)|joindre|contacter|contact|telephone|numero de telephone|hotline|chat en direct|whatsapp') },
  ],
  clauseBreaks: patterns(
    'et (aussi|comment|quand|combien|pourquoi|ou|est ce|si|je|j|puis|egalement|en plus|ensuite|savoir)',
    'aussi|egalement|de plus|en plus|par ailleurs|autre (question|chose)|ensuite|mais aussi|sans oublier',
  ),
  announcedRequests: [
    /\b(?:deux|2|trois|3) (?:questions)\b/,
    /\b(?:deux|2|trois|3|plusieurs|quelques) (?:choses|questions|points|demandes|soucis|problemes)\s*[:\-\u2013\u2014]/,
    /(?:^|[.!?,;]\s*)(?:deux|2|trois|3|plusieurs|quelques) (?:choses|questions|points|demandes|soucis|problemes)\s*\./,
  ],
  sequenceMarkers: patterns(
    'puis|ensuite|apres (ca|cela|quoi)|plus tard|finalement|enfin|d abord|premierement|deuxiemement|entre temps|entre-temps|depuis|le lendemain|(jours|semaines) plus tard|et maintenant|mais maintenant|du coup|alors j',
  ),
  repeatMarkers: patterns(
    'encore|toujours|deja|de nouveau|a nouveau|une fois de plus|je (repete|redemande|repose)|comme (je l ai|j ai) (dit|demande|ecrit)|meme question',
    '(pas|toujours pas) (repondu|de reponse)|ne (marche|fonctionne) (toujours )?pas',
  ),
  stopWords: [
    'le', 'la', 'les', 'un', 'une', 'des', 'de', 'du', 'd', 'l', 'au', 'aux', 'et', 'ou', 'mais', 'donc', 'je', 'j',
    'tu', 'il', 'elle', 'nous', 'vous', 'ils', 'elles', 'me', 'm', 'te', 't', 'se', 's', 'mon', 'ma', 'mes',
    'ton', 'ta', 'tes', 'son', 'sa', 'ses', 'notre', 'votre', 'nos', 'vos', 'leur', 'leurs', 'ce', 'cet',
    'cette', 'ces', 'c', 'ca', 'cela', 'est', 'sont', 'suis', 'etes', 'ai', 'as', 'a', 'avons', 'avez', 'ont',
    'etre', 'avoir', 'fait', 'faire', 'fais', 'pour', 'par', 'avec', 'sans', 'dans', 'en', 'sur', 'sous', 'qui',
    'que', 'qu', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'comment', 'combien', 'quand', 'pourquoi', 'ne',
    'pas', 'plus', 'n', 'y', 'si', 'oui', 'non', 'bonjour', 'merci', 'svp', 'plait', 'toujours', 'encore',
    'deja', 'rien', 'marche', 'fonctionne', 'peux', 'peut', 'pouvez', 'puis', 'voudrais', 'veux', 'aimerais',
    'souhaite', 'question', 'nouveau', 'alors', 'bien', 'tout', 'moi',
  ],
};
