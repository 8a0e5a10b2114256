import { patterns, type RoutingLexicon } from '../routing-lexicon.js';

const STAFF =
  '(operatore|operatrice|operatori|persona|persone|umano|umana|essere umano|addetto|addetta|addetti|consulente|' +
  'responsabile|assistente|dipendente|impiegato|impiegata|tecnico|qualcuno|agente|rappresentante|supervisore|' +
  'manager|referente|referenti|collega|colleghi|servizio clienti|assistenza clienti|dipendenti|impiegati|consulenti|responsabili)';

export const LEXICON_IT: RoutingLexicon = {
  language: 'it',
  rewrites: [
    [/\bx\b/g, 'per'],
    [/\bnn\b/g, 'non'],
    [/\bcmq\b/g, 'comunque'],
    [/\b(ke|k)\b/g, 'che'],
    [/\b(xke|xche|perke)\b/g, 'perche'],
    [/\b(qlc|qlcn|qualkuno)\b/g, 'qualcuno'],
    [/\bgg\b/g, 'giorni'],
    [/\bsn\b/g, 'sono'],
    [/\bpz\b/g, 'pezzi'],
  ],
  vocabulary: [
    'operatore', 'persona', 'avvocato', 'tribunale', 'addebitato', 'abbonamento', 'password', 'inaccettabile',
    'vergogna', 'incompetenti', 'richiamare', 'qualcuno', 'parlare', 'rimborso', 'spedizione', 'pessimo',
  ],
  humanRequested: {
    match: patterns(
      `(qualcuno|una persona|un operatore|un collega|${STAFF}) ~3 (mi|ci) (richiamasse|chiamasse|contattasse|telefonasse|ricontattasse)`,
      `(parlare|parlo|parli|parlarne|parlarvi|chattare|comunicare|interloquire|sentire|discutere|avere a che fare) (con|a) ~3 ${STAFF}`,
      `${STAFF} ~6 con (cui|il quale|la quale) ~3 (parlare|parlo|possa|posso|poter)`,
      '(persona|operatore|umano|qualcuno|essere umano|addetto) (vera|vero|reale|in carne e ossa|fisica|umano|umana)|carne e ossa|operatore umano|assistenza umana|(vero|vera|reale) (operatore|persona|umano|essere umano|addetto)',
      `(passare|passatemi|passami|mi passi|mi passate|passarmi|trasferire|trasferitemi|trasferirmi|inoltrare|collegare|collegatemi|mi colleghi|mi colleghiate) ~4 ${STAFF}`,
      '(mettere|mettermi|mettetemi|mi metta|mi mettete|mi mettiate|essere messo|essere messa) in contatto',
      '(richiamare|richiamatemi|richiamami|mi richiami|mi richiamate|mi richiamiate|essere richiamat[a-z]*|farmi richiamare|farmi chiamare|mi chiami|mi chiamate|chiamatemi|chiamarmi|telefonarmi|mi telefoni)',
      '(voglio|vorrei|desidero|chiedo|pretendo|esigo|preferirei|ho bisogno di|mi serve|serve) ~3 (operatore|operatrice|umano|persona vera|persona reale|addetto|addetta|responsabile|consulente|essere umano|assistenza umana)',
      '(non|basta|stufo|stufa|stanco|stanca|niente|invece di|anziche) ~4 (bot|robot|chatbot|macchina|ia|intelligenza artificiale|risponditore|risposta automatica|risposte automatiche)',
      'c e (qualcuno|una persona|un operatore|un umano)',
      `${STAFF} al telefono`,
      `(contatto|contattare|contattarmi|contattato|contattata|essere contattat[a-z]*|messo in contatto|messa in contatto) ~3 (con|da) ~3 ${STAFF}`,
      `${STAFF} ~3 (mi|ci) (contatti|contatta|contattasse|chiami|chiama|richiami|scriva)|${STAFF} ~4 (prendere in carico|prenda in carico|subentrare|subentri|intervenire|intervenga)`,
      '(mi potete|potete|potreste|puo|potrebbe|mi puo) ~2 (chiamare|richiamare|telefonare)',
      '^(un |una )?(operatore|umano|persona|addetto)( per favore| subito| ora)*$',
    ),
    ignore: patterns('(ho|abbiamo|gia|ieri) ~2 parlato con', '(il|un) (corriere|postino|fattorino)', '(come|dove|quando) ~3 (contattare|contattarvi|contatto|chiamare|scrivere)'),
  },
  legalThreat: {
    match: patterns(
      'avvocat[a-z]*|(un|il|al|mio|nostro|del|dal|col|ad un|a un) legale|studio legale|(azione|azioni|vie|via|consulenza|tutela) legal[ei]|legalmente',
      'tribunal[a-z]*|giudice|giudice di pace|(fare|faro|faremo|fara|faccio|facciamo|farete|fatto|intentare|intentero) (una )?causa|(una|in) causa (legale|civile)',
      'querela[a-z]*|querelare|denunc[a-z]*|(fare|presentare|presentero|faro) ~2 esposto|un esposto|diffida|messa in mora|giudiziar[a-z]*',
      'tutel[a-z]* ~3 (sed[ei]|legal[ei]|diritti)|sedi (opportune|competenti)|opportune sedi|carabinieri|polizia|guardia di finanza|agcm|antitrust|garante|codacons|altroconsumo|adiconsum|federconsumatori|unione nazionale consumatori|associazion[ei] ~3 consumatori|tutela (del |dei )?consumator[ei]|class action|azione collettiva',
    ),
    ignore: patterns(
      '(amico|amica|fratello|sorella|cugino|cugina|padre|madre|marito|moglie|sono|essendo) ~2 avvocat[a-z]*',
      'sede legale|rappresentante legale|indirizzo legale',
    ),
  },
  billingDispute: {
    match: patterns(
      '(addebitat[a-z]*|addebito|prelevat[a-z]*|scalat[a-z]*|pagat[a-z]*|presi) ~10 (sito|carrello|app|pagina) ~4 (costava|indicava|diceva|mostrava|riportava|segnava) ~3 ([0-9]+|prezzo|totale|importo)|(sito|carrello|app|pagina) ~4 (costava|indicava|diceva|mostrava|riportava|segnava) ~3 ([0-9]+|prezzo|totale|importo) ~10 (addebitat[a-z]*|addebito|prelevat[a-z]*|scalat[a-z]*|pagat[a-z]*|presi)',
      '(ancora|tuttora) ~2 (addebitat[a-z]*|prelevat[a-z]*)|(addebitat[a-z]*|prelevat[a-z]*) ~2 ancora',
      '(ridat[a-z]*|rimbors[a-z]*|restituit[a-z]*|restituire|ridare) ~3 (la )?differenza',
      '(addebitat[a-z]*|prelevat[a-z]*|scalat[a-z]*) ~3 (di nuovo|nuovamente|ancora una volta|un altra volta)|(di nuovo|nuovamente) ~3 (addebitat[a-z]*|prelevat[a-z]*|scalat[a-z]*)|riaddebit[a-z]*',
      '(addebitat[a-z]*|prelevat[a-z]*|pagat[a-z]*|scalat[a-z]*) ~3 (due volte|2 volte|doppio|in doppio|di troppo|in piu)',
      '(doppio|doppi|duplice) (addebit[a-z]*|prelievo|prelievi|pagament[a-z]*)|(addebito|addebiti|prelievo|pagamento) (non autorizzat[a-z]*|sconosciut[a-z]*|errat[a-z]*|duplicat[a-z]*|fraudolent[a-z]*)',
      'storno|chargeback|disconoscimento|contest(are|azione|ato) ~3 (addebito|pagamento|importo|fattura|banca|carta)',
      '(rimborso|soldi) ~6 (ancora (non|nessun|niente)|non ancora|mai|non (mi )?(e|sono) arrivat[a-z]*|non ho ricevuto)',
      '(non ho ancora|non ho mai|ancora non ho) ~2 (ricevuto|visto|avuto) ~3 (il |alcun |nessun )?(rimborso|soldi)',
      '(disdetto|disdetta|annullato|cancellato|disattivato) ~8 (ma|comunque|lo stesso|ancora|continuate|continua|di nuovo|nuovamente|ugualmente) ~4 (addebit[a-z]*|prelev[a-z]*|scalat[a-z]*|pagat[a-z]*)',
      'perche ~4 (addebitat[a-z]*|prelevat[a-z]*|scalat[a-z]*|fatto pagare)',
      '(addebitat[a-z]*|prelevat[a-z]*|scalat[a-z]*|fatto pagare) ~12 (disdett[a-z]*|annullat[a-z]*|cancellat[a-z]*|disattivat[a-z]*|chius[a-z]*)',
    ),
    chargeTerms: patterns('(fatto|fate|fanno|fatta|far) pagare|addebit[a-z]*|prelev[a-z]*|prelievo|pagat[a-z]*|pagament[a-z]*|fattur[a-z]*|scalat[a-z]*|importo|importi|soldi|euro|carta|conto|estratto conto|transazion[a-z]*|rata|rate|canone|trattenut[a-z]*|incassat[a-z]*'),
    disputeTerms: patterns(
      '[23]x',
      'due volte|2 volte|tre volte|doppi[a-z]*|duplicat[a-z]*|in piu|di troppo',
      '(non|mai) (ho )?(autorizzat[a-z]*|riconosc[a-z]*|ordinat[a-z]*|acquistat[a-z]*|richiest[a-z]*|effettuat[a-z]*)|che non riconosco|non autorizzat[a-z]*|senza (la mia |il mio )?(autorizzazione|consenso|permesso)',
      'sbagliat[a-z]*|errat[a-z]*|non corrett[a-z]*|invece di|invece (del|dei|degli|della|delle|dello) [0-9]+|anziche|truffa|frode|fraudolent[a-z]*|il doppio',
      '(anche se|nonostante|pur|quando) ~4 (gratis|gratuit[a-z]*|inclus[oa]|abbonat[a-z]*|premium|disdett[a-z]*|restituit[a-z]*)|non e (quello|quanto|il prezzo|l importo) ~2 (concordat[oa]|indicat[oa]|previst[oa]|pattuit[oa]|mostrat[oa])|non (corrisponde|corrispondono|coincide|coincidono|torna|tornano)|(piu alto|superiore|maggiore) (di|del|rispetto)|divers[oaie] (da|dal|dalla|rispetto)',
      '(mai|non ho mai|non ho) (sottoscritto|attivato|richiesto|ordinato)',
      '(dopo|nonostante|anche se|sebbene|benche|pur avendo) ~3 (disdett[a-z]*|disdire|annullat[a-z]*|cancellat[a-z]*|disdetta|recesso|disiscritt[a-z]*|chius[a-z]*|chiudere|disattivat[a-z]*)',
      '(disdetto|disdetta|annullato|cancellato|disattivato) ~8 (ma|comunque|lo stesso|ancora|continuate|continua|di nuovo|nuovamente|ugualmente)',
    ),
  },
  negativeSentiment: {
    match: patterns(
      'vergogn[a-z]*|inaccettabil[a-z]*|inammissibil[a-z]*|intollerabil[a-z]*|assurd[a-z]*|ridicol[a-z]*|pessim[a-z]*|schif[a-z]*|indecent[a-z]*|scandal[a-z]*|orribil[a-z]*|terribil[a-z]*|penos[a-z]*|oscen[a-z]*|disastr[a-z]*|pazzesco',
      'furios[a-z]*|arrabbiat[a-z]*|incazzat[a-z]*|inferocit[a-z]*|indignat[a-z]*|stufo|stufa|stufi|stufe|(stanco|stanca|stanchi) di|ne ho abbastanza|non ne posso piu|(ora|adesso|mo) basta|basta (cosi|con|ora|adesso)',
      'truff[a-z]*|ladri|ladro|incompetent[a-z]*|inutil[a-z]*|cazz[a-z]*|merda|porca',
      'presa in giro|prende(te|re|ndo)? in giro|mi prendete',
      '(terza|quarta|quinta|ennesima|decima) volta|quante volte|(due|tre|quattro|cinque|varie|molte|tante|[0-9]+) volte ~2 (che (scrivo|chiamo|chiedo|vi scrivo|contatto|sollecito)|gia|ho (scritto|chiamato|chiesto|sollecitato))',
      'nessuno (mi )?(risponde|rispondete|aiuta|richiama|legge)|mai piu',
      '(molto|davvero|profondamente|estremamente|veramente|proprio|super) (delus[a-z]*|insoddisfatt[a-z]*|arrabbiat[a-z]*|scontent[a-z]*)|delusion[a-z]*|insoddisfatt[a-z]*',
      'che (schifo|vergogna|disastro)|grazie (per|di) niente',
      'non ce la (faccio|facciamo) piu|(fa|fate|fanno|sta facendo|state facendo) (impazzire|saltare i nervi)|fuori di me|(perdere|perdendo|perso|perdo) ~2 pazienza|pazienza ~3 (finita|limite)|(sono|siamo) al limite|goccia che fa traboccare|esasperat[a-z]*|exasperat[a-z]*|pagliacci|incapaci|buffoni|cialtroni|sfacciati|dilettanti|farabutti|imbroglion[a-z]*',
    ),
    ignore: patterns('nessun problema|non (c e )?problema'),
    sarcasticPraise: patterns(
      'complimenti|bravi|bravo|ottimo (lavoro|servizio)|grazie tante|grazie mille|grazie di tutto|davvero (ottimo|eccellente|fantastico)|servizio (eccellente|impeccabile|fantastico)|che bello|perfetto|fantastico|magnifico|bel lavoro',
    ),
    unresolvedProblem: patterns(
      'ancora (niente|nulla|non|nessun[a-z]*)|(giorni|settimane|mesi) ~3 (niente|nulla|ancora|senza)',
      '(nessuna|zero) (risposta|notizia)|mai (arrivat[a-z]*|ricevut[a-z]*|rispost[a-z]*)|di nuovo|un altra volta|ennesima',
    ),
    gratitude: patterns('grazie|ottimo|perfetto|fantastic[a-z]*|bravissim[a-z]*|felice|content[a-z]*|adoro|meraviglios[a-z]*'),
  },
  topics: [
    {
      topic: 'returns',
      match: patterns(
        '(spese|costi|costo|etichetta|politica|tempi|condizioni) ~2 (di |del |per il |per la )?(reso|resi|restituzione)',
        'reso|resi|restitu[a-z]*|rimand[a-z]*|rispedi[a-z]*|rimbors[a-z]*|recesso|soldi indietro',
      ),
    },
    {
      topic: 'exchange',
      match: patterns(
        'cambi[a-z]* ~3 (taglia|misura|colore|modello|numero)|(altra|diversa|nuova) (taglia|misura|colore)|taglia|taglie|sostitu[a-z]*',
        '(troppo|e) (piccol[a-z]*|grand[a-z]*|strett[a-z]*|larg[a-z]*)',
        'numer[oi] (piu )?(grand[a-z]*|piccol[a-z]*)|cambiarl[aeio]',
      ),
    },
    {
      topic: 'tracking',
      match: patterns(
        'tracciament[a-z]*|traccia[a-z]*|tracking|segui[a-z]* ~3 (ordine|pacco|spedizione)|(numero|codice) di (tracciamento|spedizione|tracking)',
        'dove (e|si trova) ~2 (ordine|pacco|spedizione)|stato ~2 (ordine|spedizione)|ritardo|in ritardo',
        '(ordine|pacco|spedizione) ~4 (non|mai|ancora non) (e )?(arrivat[a-z]*|consegnat[a-z]*|ricevut[a-z]*)',
      ),
    },
    { topic: 'order_change', match: patterns('(annullare|annulla|modificare|cancellare|cambiare) ~2 (ordine|acquisto)') },
    { topic: 'account_deletion', match: patterns('(cancell[a-z]*|elimin[a-z]*|chiud[a-z]*|chiusura|disattiv[a-z]*|rimuov[a-z]*) ~3 (account|profilo|dati)|gdpr|dati personali|diritto all oblio|privacy') },
    {
      topic: 'account_access',
      match: patterns('password|credenziali|codice (di sicurezza|di verifica|di conferma|sms|di backup)|acced[a-z]*|accesso|login|log in|loggar[a-z]*|entrare ~3 (account|profilo|sito)|nome utente|username|indirizzo (e ?mail|di posta)|(cambiare|modificare|aggiornare) ~3 e ?mail|account bloccato'),
    },
    { topic: 'invoice', match: patterns('fattur[a-z]*|partita iva|p iva|piva|iva|codice fiscale|ricevuta|scontrino|dati di fatturazione|codice (sdi|univoco|destinatario)') },
    { topic: 'subscription', match: patterns('abbonament[a-z]*|abbonat[a-z]*|iscrizion[a-z]*|disdett[a-z]*|disdire|disdic[a-z]*|piano|piani|premium|rinnov[a-z]*|mensil[a-z]*|annual[a-z]*|prova gratuita|membership') },
    { topic: 'payment', match: patterns('(pagare|pago|pagate|paghi) (con|in|a|tramite|alla|al)|(metod[oi]|modalita|form[ae]) di pagamento|pagamento (con|in|a rate|rifiutato|non riuscito)|carta|carte|paypal|bonifico|a rate|rateizz[a-z]*|contrassegno|satispay|klarna|scalapay|visa|mastercard|apple pay|google pay') },
    { topic: 'shipping', match: patterns('spedi[a-z]*|spediz[a-z]*|consegn[a-z]*|corriere|corrieri|brt|sda|gls|dhl|ups|poste|espress[a-z]*|indirizzo di (spedizione|consegna)|(altro|nuovo|diverso|sbagliato) indirizzo|(cambiare|modificare|aggiornare|correggere) ~3 indirizzo|cap|estero|internazional[a-z]*|svizzera|san marino') },
    { topic: 'discount', match: patterns('scont[a-z]*|codice|codici|coupon|promo[a-z]*|buono|buoni|saldi|offert[a-z]*|[0-9]+ per cento|black friday') },
    { topic: 'contact', match: patterns('orari[a-z]*|telefon[a-z]*|numero verde|contattar[a-z]*|contatt[a-z]*|chat|whatsapp') },
  ],
  clauseBreaks: patterns(
    'e (anche|come|quando|dove|quanto|quanti|perche|chi|se|poi|inoltre|posso|vorrei|devo|sapere|capire)',
    'anche|inoltre|oltre a|in piu|per giunta|per di piu|come se non bastasse|gia che ci sono|a parte (questo|cio)|un altra (cosa|domanda)|altra domanda',
  ),
  announcedRequests: [
    /\b(?:due|2|tre|3) (?:domande|questioni)\b/,
    /\b(?:due|2|tre|3|alcune|alcuni|varie|vari|un paio di) (?:cose|domande|questioni|dubbi|problemi|richieste|punti)\s*[:\-\u2013\u2014]/,
    /(?:^|[.!?,;]\s*)(?:due|2|tre|3|alcune|alcuni|varie|vari|un paio di) (?:cose|domande|questioni|dubbi|problemi|richieste|punti)\s*\./,
  ],
  sequenceMarkers: patterns(
    'poi|dopo|dopodiche|in seguito|successivamente|piu tardi|alla fine|infine|prima|innanzitutto|nel frattempo|da allora|il giorno dopo|(giorni|settimane) dopo|e ora|ma ora|adesso|quindi ho|allora ho',
  ),
  repeatMarkers: patterns(
    'di nuovo|ancora|nuovamente|un altra volta|gia (chiesto|scritto|detto|domandato)|ripeto|la stessa domanda|come (ho )?(gia )?detto',
    'non (funziona|va)|continua a non',
  ),
  stopWords: [
    'il', 'lo', 'la', 'i', 'gli', 'le', 'un', 'uno', 'una', 'di', 'del', 'della', 'dei', 'degli', 'delle', 'da', 'dal',
    'dalla', 'in', 'nel', 'nella', 'con', 'su', 'sul', 'per', 'tra', 'fra', 'a', 'al', 'alla', 'ai', 'e', 'o', 'ma',
    'che', 'chi', 'cui', 'non', 'si', 'mi', 'ti', 'ci', 'vi', 'ne', 'mio', 'mia', 'miei', 'mie', 'tuo', 'tua', 'suo',
    'sua', 'nostro', 'vostro', 'sono', 'sei', 'siamo', 'siete', 'ho', 'hai', 'ha', 'abbiamo', 'avete', 'hanno',
    'come', 'quando', 'dove', 'quanto', 'quanta', 'quanti', 'quale', 'perche', 'cosa', 'posso', 'puoi', 'puo',
    'possiamo', 'potete', 'vorrei', 'voglio', 'devo', 'ciao', 'buongiorno', 'salve', 'grazie', 'favore', 'ancora',
    'gia', 'nuovo', 'funziona', 'va', 'fare', 'faccio', 'l', 'c', 'd', 'un', 'ora', 'adesso',
  ],
};
