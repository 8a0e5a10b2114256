import { patterns, type RoutingLexicon } from '../routing-lexicon.js';

// German builds staff words as compounds (Kundenservicemitarbeiterin, Kundenberater): match the stems.
const STAFF =
  '(mensch|menschen|person|personen|[a-z]*mitarbeiter[a-z]*|[a-z]*berater[a-z]*|betreuer[a-z]*|' +
  'sachbearbeiter[a-z]*|ansprechpartner[a-z]*|ansprechperson|agent[a-z]*|kundendienst|kundenservice|kundensupport|' +
  'support|serviceteam|service team|vorgesetzt[a-z]*|chef|chefin|manager[a-z]*|jemand|jemandem|jemanden|operator|' +
  'kollege|kollegin|verantwortlich[a-z]*|zustandig[a-z]*)';

export const LEXICON_DE: RoutingLexicon = {
  language: 'de',
  rewrites: [
    [/\bnem\b/g, 'einem'],
    [/\bnen\b/g, 'einen'],
    [/\bner\b/g, 'einer'],
    [/\bne\b/g, 'eine'],
    [/\bhab\b/g, 'habe'],
    [/\bnich\b/g, 'nicht'],
    [/\bnix\b/g, 'nichts'],
    [/\bgrad\b/g, 'gerade'],
    [/\bbitteee*\b/g, 'bitte'],
  ],
  vocabulary: [
    'mitarbeiter', 'mitarbeiterin', 'menschen', 'anwalt', 'verbraucherzentrale', 'abgebucht', 'doppelt',
    'gekundigt', 'unverschamt', 'frechheit', 'zuruckrufen', 'kundenservice', 'passwort', 'bestellung',
    'rucksendung', 'sprechen', 'jemandem', 'erstattung',
  ],
  humanRequested: {
    match: patterns(
      `(holen|hol|geben|gib|besorgen|schicken) (sie )?(mir|uns) ~3 ${STAFF}`,
      `mit ~3 ${STAFF} ~4 (sprechen|reden|telefonieren|chatten|schreiben|verbunden|verbinden|kommunizieren|unterhalten|besprechen|klaren)`,
      `${STAFF} ~4 mit (dem|der|denen|wem) ~3 (sprechen|reden|telefonieren|chatten|schreiben)`,
      `(sprechen|reden|telefonieren|chatten) ~2 mit ~3 ${STAFF}`,
      '(echt[a-z]*|richtig[a-z]*|lebendig[a-z]*|wirklich[a-z]*|real[a-z]*|menschlich[a-z]*) (mensch[a-z]*|person[a-z]*|leute|[a-z]*mitarbeiter[a-z]*|ansprechpartner[a-z]*|[a-z]*berater[a-z]*|ansprechperson|support|hilfe|kontakt|betreuung|beratung)',
      `(verbinden|verbinde|verbindet|weiterleiten|leiten|durchstellen|weiterverbinden|ubergeben) ~4 ${STAFF}`,
      'stellen sie mich ~2 durch|(ruckruf|zuruckrufen|zuruckruft|zuruckruf)|(rufen|ruft|ruf) ~3 mich ~2 (an|zuruck)',
      '(kein[a-z]*|nicht|nie|schluss|genug|satt|weg|statt) ~4 (bot|bots|roboter|chatbot|maschine|ki|automat[a-z]*|computer)',
      '(will|mochte|mochten|brauche|hatte gern|hatte gerne|verlange|wunsche|bitte) ~3 (mensch[a-z]*|[a-z]*mitarbeiter[a-z]*|[a-z]*berater[a-z]*|ansprechpartner[a-z]*|vorgesetzt[a-z]*|echte[a-z]* person)',
      'gibt es (hier )?(jemanden|einen menschen|einen mitarbeiter|eine person)',
      `${STAFF} (am|ans) telefon`,
      `(mich|uns) ~3 ${STAFF} ~2 (kontaktieren|anrufen|zuruckrufen|melden|schreiben|kontaktiert|angerufen)`,
      `${STAFF} ~3 (mich|uns) ~3 (kontaktieren|anrufen|zuruckrufen|schreiben|kontaktiert|angerufen)|${STAFF} ~3 (melde|meldet|melden) sich`,
      `${STAFF} ~4 (ubernehmen|ubernimmt|ubernehmen kann|ubernehmen konnte)`,
      '(jemanden|einen (echten )?(menschen|[a-z]*mitarbeiter|[a-z]*berater)|eine (echte )?person|ihren vorgesetzten|einen verantwortlichen) ~2 (sprechen|erreichen)',
      '^(einen |ein |eine )?(mensch|menschen|mitarbeiter|berater|agent|person)( bitte| jetzt| sofort)*$',
    ),
    ignore: patterns('(habe|hatte|hab) ~3 (gesprochen|telefoniert|geredet)', '(paket|liefer|post)[a-z]*bote[a-z]*', '(wie|wo|wann) ~3 (erreiche|erreichen|kontaktiere|kontaktieren)'),
  },
  legalThreat: {
    match: patterns(
      '[a-z]*anwalt[a-z]*|[a-z]*anwalte[a-z]*|rechtsbeistand|jurist[a-z]*|rechtsschutz[a-z]*',
      'gericht|gerichte|gerichtlich[a-z]*|gerichtsverfahren|vor gericht|klage|klagen|(klage|klagen|klagt) ~4 ein|verklag[a-z]*|einklag[a-z]*|mahnverfahren',
      '(rechtlich[a-z]*|juristisch[a-z]*|gerichtlich[a-z]*) (schritte|konsequenzen|weg|wege|mittel|prufen|uberprufen|vorgehen|belangen)|(rechtlich[a-z]*|juristisch[a-z]*) ~3 (prufen|uberprufen|vorgehen|belangen)|rechtsweg|rechtsstreit|meine rechte',
      'verbraucherzentrale[a-z]*|verbraucherschutz[a-z]*|schlichtungsstelle|schiedsstelle|abmahnung|abmahnen|bundesnetzagentur|bafin|ombudsmann|ombudsstelle',
      'polizei|anzeige (erstatten|stellen|machen|aufgeben)|strafanzeige|(zeige|zeigen) (sie|euch|dich|ihre firma|die firma) an',
    ),
    ignore: patterns(
      '(freund|freundin|bruder|schwester|vater|mutter|mann|frau|kollege|kollegin) ~2 (ist )?[a-z]*anwalt[a-z]*',
      '(bin|als) ~2 [a-z]*anwalt[a-z]*',
      '(leckere[a-z]*|warme[a-z]*|vegetarische[a-z]*) gericht[a-z]*',
    ),
  },
  billingDispute: {
    match: patterns(
      '(abgebucht|abbuchung|belastet|berechnet|eingezogen|bezahlt|kassiert) ~10 (shop|website|webseite|warenkorb|app|seite) ~4 (stand|standen|angezeigt|zeigte|ausgewiesen|kostete|[0-9]+|preis|betrag)|(shop|website|webseite|warenkorb|app|seite) ~4 (stand|standen|angezeigt|zeigte|ausgewiesen|kostete|[0-9]+|preis|betrag) ~10 (abgebucht|abbuchung|belastet|berechnet|eingezogen|bezahlt|kassiert)',
      '(buchen|buche|bucht) ~4 zuruck',
      '(abbuchung[a-z]*|abgebucht|belastet|belastung[a-z]*|eingezogen|lastschrift[a-z]*) ~12 (gar )?nichts (bestellt|gekauft|abonniert)',
      '(abbuchung[a-z]*|abgebucht|belastung[a-z]*|lastschrift[a-z]*|betrag|zahlung) ~8 (nicht (zuordnen|zuzuordnen)|keiner (bestellung|zahlung) zuordnen)',
      '(trotzdem|immer noch|wieder|nochmal[s]?|erneut) ~2 (bucht|buchen|buchte|buchten|zieht|ziehen|zog|zogen) ~5 ab|(bucht|buchen|buchte|buchten|zieht|ziehen|zog|zogen) ~2 (trotzdem|immer noch|wieder|nochmal[s]?|erneut) ~5 ab',
      '(differenz|unterschied[a-z]*) ~4 (erstatt[a-z]*|zuruck[a-z]*|gutschreib[a-z]*|gutschrift)|(erstatt[a-z]*|zuruckzahl[a-z]*|gutschreib[a-z]*) ~4 (differenz|unterschied[a-z]*)',
      '(nochmal[s]?|noch einmal|erneut|wieder|trotzdem) ~10 (abgebucht|belastet|eingezogen|berechnet|abgezogen|kassiert)',
      '(doppelt|zweimal|zwei mal|2 mal|dreimal|mehrfach) (abgebucht|belastet|berechnet|abgerechnet|bezahlt|eingezogen|gebucht|kassiert)',
      'doppelt[a-z]* (abbuchung|belastung|zahlung|rechnung|lastschrift|buchung)[a-z]*',
      'ruckbuchung|ruckbelastung|chargeback|lastschrift (zuruckgeben|widerrufen|zuruckbuchen|zuruckgehen)|(bank|kreditkartenfirma) ~4 (zuruckbuchen|zuruckholen|widersprechen|reklamieren)|widerspruch ~4 (bank|lastschrift|abbuchung)',
      '(nicht autorisiert[a-z]*|unberechtigt[a-z]*|unbekannt[a-z]*|falsch[a-z]*|unerklarlich[a-z]*) (abbuchung|belastung|zahlung|betrag|summe|lastschrift|buchung)[a-z]*',
      '(zu viel|zuviel) (abgebucht|berechnet|bezahlt|belastet|abgerechnet|kassiert)',
      '(erstattung|ruckerstattung|geld|gutschrift) ~6 (immer noch nicht|noch immer nicht|noch nicht|nie|niemals|bis heute nicht) ~3 (erhalten|bekommen|angekommen|eingegangen|da|gutgeschrieben|uberwiesen)',
      '(immer noch|noch immer|bis heute) (kein|keine) (erstattung|ruckerstattung|geld|gutschrift)',
      '(gekundigt|storniert|abgemeldet) ~8 (trotzdem|dennoch|wieder|weiterhin|immer noch|noch immer) ~4 (abgebucht|belastet|berechnet|abgerechnet|eingezogen|kassiert)',
      'warum ~5 (abgebucht|belastet|berechnet|abgerechnet|eingezogen|kassiert|abgezogen)',
      '(abgebucht|belastet|berechnet|abgerechnet|eingezogen|kassiert) ~8 (gekundigt|storniert|abgemeldet|gekundigte[a-z]*|stornierte[a-z]*)',
    ),
    chargeTerms: patterns(
      'abgebucht|abbuchung[a-z]*|buchung[a-z]*|belastet|belastung[a-z]*|berechnet|abgerechnet|[a-z]*abrechnung[a-z]*|lastschrift[a-z]*|eingezogen|bezahlt|zahlung[a-z]*|betrag|betrage|rechnung[a-z]*|kreditkarte[a-z]*|konto|geld|euro|gebuhr[a-z]*|abgezogen|[a-z]*beitrag[a-z]*|kassiert',
    ),
    disputeTerms: patterns(
      '[23]x',
      'doppelt[a-z]*|zweimal|zwei mal|2 mal|dreimal|mehrfach',
      '(nicht|nie|niemals) (autorisiert|genehmigt|beauftragt|bestellt|bestatigt|zugestimmt|erkannt)|ohne (meine |mein )?(zustimmung|genehmigung|erlaubnis|einverstandnis|autorisierung)',
      'unberechtigt[a-z]*|unautorisiert[a-z]*|nicht (meine|mein|von mir)|(kenne|erkenne) ~2 nicht|unbekannt[a-z]*|betrug[a-z]*',
      '(falsch[a-z]*|zu hoh[a-z]*|hoher[a-z]*) (betrag|summe|preis|rechnung)|zu viel|zuviel|statt|anstatt|anstelle|das doppelte',
      '(stimmt|stimmen|entspricht|entsprechen) ~2 nicht|anders als|abweich[a-z]*|nicht (korrekt|richtig|nachvollziehbar)|hoher[a-z]* als|mehr als (im|in|der|die|das|angegeben|angezeigt|vereinbart)',
      '(nie|nicht|niemals) ~2 (bestellt|abonniert|abgeschlossen|beauftragt|gebucht)',
      '(obwohl|dabei|trotz) ~4 (kostenlos|gratis|inklusive|premium|abo|mitglied|gekundigt|zuruckgeschickt)|nicht (der|dem|den|wie) ~2 (vereinbart[a-z]*|angezeigt[a-z]*|angegeben[a-z]*)|trotz ~3 (kundigung|storno[a-z]*|stornierung)|nach ~3 (kundigung|stornierung)|(obwohl|obgleich|dabei|trotzdem) ~6 (gekundigt|storniert|abgemeldet|widerrufen)|gekundigt ~6 (trotzdem|dennoch|wieder|weiterhin|immer noch|noch immer)',
    ),
  },
  negativeSentiment: {
    match: patterns(
      'unverschamt[a-z]*|frechheit|zumutung|inakzeptabel|unakzeptabel|inakzeptable[a-z]*|skandal[a-z]*|lacherlich[a-z]*|peinlich|katastroph[a-z]*|miserabel|mies[a-z]*|unterirdisch|grottig|grottenschlecht|erbarmlich|armselig|schrecklich|furchtbar|entsetzlich|schlimm',
      '(es|das) reicht|reicht (mir|jetzt|uns)|mir reicht|(die )?nase (gestrichen )?voll|schnauze (gestrichen )?voll|(es|das|euch) ~2 satt',
      'stinksauer|sauer|wutend|wut|zornig|verargert|emport|genervt|frustriert|frust|stinkt|unzufrieden',
      '(ein|wohl|schlechter|schlechten) witz|verarsch[a-z]*|veralber[a-z]*|abzocke|abgezockt|abzocker|betrug|betruger[a-z]*|betrugerisch|verbrecher|diebe|saftladen|drecksladen',
      'scheiss[a-z]*|scheisse|mist|verdammt[a-z]*|kacke|idiot[a-z]*|inkompetent[a-z]*|unfahig[a-z]*|nutzlos|unbrauchbar',
      '(zum )?(dritten|vierten|funften|x ten|zigsten|hundertsten|[0-9]+ ten) mal|wie oft (noch|soll|muss)|zum wiederholten mal|niemand (antwortet|meldet|hilft|reagiert)|nie wieder|unterste schublade',
      '(sehr|extrem|total|vollig|absolut|zutiefst|masslos|echt|richtig) (enttauscht|unzufrieden|verargert|genervt|sauer)',
      '(kann|konnen) (einfach )?nicht mehr|(halte|halten) ~3 nicht mehr aus|platzt ~3 kragen|mir platzt|(geht|gehen|geht mir) ~2 auf (die nerven|den keks|den geist)|auf die palme|das allerletzte|(ist|seid|sind|bist|war) ~2 das letzte(?! (mal|paket|stuck|teil|mail|email|woche|monat|jahr|bestellung))|geduld ~3 (am ende|zu ende|reisst|verloren)|(am ende|ende) (meiner|mit meiner) geduld|(letzte|der) tropfen|entnervt|versager|stumper|witzfigur[a-z]*|clowns|amateure|dilettant[a-z]*|unserios',
    ),
    ignore: patterns('nicht (so )?schlimm|halb so schlimm|kein problem|keine sorge'),
    sarcasticPraise: patterns(
      'toll|super|klasse|prima|spitze|grossartig|hervorragend|wunderbar|bravo|danke auch|vielen dank auch|herzlichen dank auch|gut gemacht|na toll|na super|na prima',
    ),
    unresolvedProblem: patterns(
      '(immer noch|noch immer|immer) (nicht|kein[a-z]*|nichts)|schon wieder|(seit|nach) ~2 (tagen|wochen|monaten)',
      '(keine|nie) (antwort|reaktion|ruckmeldung|lieferung|paket)|nie (angekommen|geantwortet|erhalten)|wieder (nicht|kein[a-z]*)',
    ),
    gratitude: patterns('dank[a-z]*|super|toll|klasse|prima|freue|perfekt|wunderbar|genial|spitze'),
  },
  topics: [
    {
      topic: 'returns',
      match: patterns('rucksende[a-z]*|retour[a-z]*|ruckgabe[a-z]*|zuruck(schicken|senden|geben|gesendet|geschickt)|zurucksend[a-z]*|zuruckschick[a-z]*|erstatt[a-z]*|ruckerstatt[a-z]*|ruckzahlung[a-z]*|widerruf[a-z]*|geld zuruck|(schicke|sende|gebe|schicken|senden) ~3 zuruck'),
    },
    {
      topic: 'exchange',
      match: patterns('umtausch[a-z]*|umtauschen|tauschen|austausch[a-z]*|getauscht|(andere|grossere|kleinere|richtige|falsche|neue|passende) (grosse|farbe|variante)|(grosse|farbe) (andern|tauschen|wechseln)|passt nicht|zu (klein|gross|eng|weit|kurz|lang)|ersatz[a-z]*'),
    },
    {
      topic: 'tracking',
      match: patterns(
        'sendung[a-z]*|tracking[a-z]*|verfolg[a-z]*|wo (ist|bleibt) ~3 (bestellung|paket|lieferung|sendung)|status ~2 (bestellung|lieferung|paket)',
        '(paket|bestellung|lieferung|sendung) ~4 (nicht|nie|immer noch nicht) (angekommen|da|eingetroffen|zugestellt|geliefert)',
      ),
    },
    { topic: 'order_change', match: patterns('(bestellung|kauf) ~3 (stornier[a-z]*|andern|abandern|anpassen)|stornier[a-z]*|storno') },
    { topic: 'account_deletion', match: patterns('(losch[a-z]*|entfern[a-z]*|schliess[a-z]*|kundig[a-z]*|deaktivier[a-z]*) ~3 (konto|kundenkonto|account|profil|daten)|(konto|kundenkonto|account|profil|daten) ~3 (losch[a-z]*|entfern[a-z]*|schliess[a-z]*|deaktivier[a-z]*)|dsgvo|datenschutz[a-z]*|personenbezogen[a-z]*|(personliche|meine) daten') },
    {
      topic: 'account_access',
      match: patterns('passwort[a-z]*|kennwort[a-z]*|(sicherheits|bestatigungs|backup|sms|login|verifizierungs)code[s]?|einlogg[a-z]*|eingeloggt|login|log in|anmeld[a-z]*|zugang[a-z]*|benutzername|nutzername|(e mail|email|mail)[ ]?adresse|konto ~3 (gesperrt|zugreifen|zugriff)|(ins|in mein|auf mein) (konto|kundenkonto)'),
    },
    { topic: 'payment', match: patterns('(auf|per|gegen) rechnung|rechnungskauf|(zahlen|bezahlen|zahle|bezahle|zahlt) (mit|per|uber|via|bar|in raten)|zahlungs(art|arten|methode|methoden|mittel|moglichkeit|moglichkeiten|option|optionen)|zahlung (abgelehnt|fehlgeschlagen)|kreditkarte[a-z]*|karte|paypal|klarna|lastschrift[a-z]*|sepa|uberweisung|vorkasse|raten[a-z]*|nachnahme|apple pay|google pay|sofortuberweisung|giropay') },
    { topic: 'invoice', match: patterns('rechnung[a-z]*|[a-z]+rechnung|quittung|beleg|ust|ust id|ustid|umsatzsteuer[a-z]*|mehrwertsteuer[a-z]*|mwst|steuernummer|firmenadresse|rechnungsadresse|gutschrift') },
    { topic: 'subscription', match: patterns('abo|abos|abonnement[a-z]*|[a-z]+abo|mitgliedschaft[a-z]*|tarif[a-z]*|premium|laufzeit|verlanger[a-z]*|kundig[a-z]*|kundigung[a-z]*|monatlich|jahrlich|probe[a-z]*') },
    { topic: 'shipping', match: patterns('versand[a-z]*|[a-z]+versand|versend[a-z]*|verschick[a-z]*|liefer[a-z]*|[a-z]+liefer[a-z]*|zustell[a-z]*|porto|express[a-z]*|spedition|dhl|dpd|hermes|ups|gls|ausland|international|(neue|andere|falsche) (adresse|anschrift)|(adresse|anschrift) ~2 (andern|korrigieren|aktualisieren)|postleitzahl|plz|packstation') },
    { topic: 'discount', match: patterns('rabatt[a-z]*|[a-z]*gutschein[a-z]*|[a-z]*code|codes|aktion[a-z]*|angebot[a-z]*|sale|prozent|ermassigung|nachlass|sonderangebot|black friday') },
    { topic: 'contact', match: patterns('erreichbar[a-z]*|erreichen|offnungszeit[a-z]*|servicezeit[a-z]*|telefon[a-z]*|hotline|kontakt[a-z]*|geschaftszeiten|sprechzeit[a-z]*') },
  ],
  clauseBreaks: patterns(
    'und (auch|wie|was|wann|wo|warum|ob|kann|konnen|ich|mein|meine|dann|ausserdem|zusatzlich|gilt|ist|wird|bitte)',
    'ausserdem|zudem|zusatzlich|daruber hinaus|auch noch|noch eine frage|und noch|ebenfalls|sowie|gleichzeitig|des weiteren|weiterhin|unabhangig davon|davon abgesehen',
  ),
  announcedRequests: [
    /\b(?:zwei|2|drei|3) (?:fragen)\b/,
    /\b(?:zwei|2|drei|3|mehrere|ein paar|einige) (?:sachen|fragen|dinge|anliegen|punkte|probleme|themen)\s*[:\-\u2013\u2014]/,
    /(?:^|[.!?,;]\s*)(?:zwei|2|drei|3|mehrere|ein paar|einige) (?:sachen|fragen|dinge|anliegen|punkte|probleme|themen)\s*\./,
  ],
  sequenceMarkers: patterns(
    'dann|danach|anschliessend|spater|zuerst|zunachst|schliesslich|endlich|inzwischen|mittlerweile|seitdem|am nachsten tag|(tage|wochen) spater|und jetzt|jetzt aber|also habe ich|daraufhin|nachdem',
  ),
  repeatMarkers: patterns(
    'nochmal|noch einmal|nochmals|wieder|schon wieder|erneut|immer noch|noch immer|bereits|schon (gefragt|geschrieben|gesagt)|wie (gesagt|schon gesagt)|gleiche frage|dieselbe frage',
    '(geht|funktioniert|klappt) ~2 nicht',
  ),
  stopWords: [
    'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'eines', 'ich', 'du', 'er',
    'sie', 'es', 'wir', 'ihr', 'mich', 'mir', 'dich', 'dir', 'uns', 'euch', 'mein', 'meine', 'meinen', 'meinem',
    'meiner', 'dein', 'ihre', 'ihren', 'ihrem', 'sein', 'seine', 'und', 'oder', 'aber', 'doch', 'noch', 'schon',
    'nicht', 'kein', 'keine', 'ist', 'sind', 'bin', 'bist', 'war', 'waren', 'wird', 'werden', 'wurde', 'habe',
    'hast', 'hat', 'haben', 'hatte', 'kann', 'kannst', 'konnen', 'konnte', 'mochte', 'mochten', 'will', 'wollen',
    'soll', 'muss', 'wie', 'was', 'wann', 'wo', 'warum', 'wer', 'welche', 'welcher', 'welches', 'ob', 'wenn',
    'dass', 'da', 'hier', 'dort', 'zu', 'zum', 'zur', 'von', 'vom', 'mit', 'fur', 'auf', 'an', 'in', 'im', 'aus',
    'bei', 'nach', 'uber', 'unter', 'bitte', 'danke', 'hallo', 'guten', 'tag', 'ja', 'nein', 'immer', 'wieder',
    'nochmal', 'erneut', 'geht', 'funktioniert', 'klappt', 'jetzt', 'so', 'auch', 'nur', 'mal', 'denn', 'man',
  ],
};
