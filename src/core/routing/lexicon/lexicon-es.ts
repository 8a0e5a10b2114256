import { patterns, type RoutingLexicon } from '../routing-lexicon.js';

const STAFF =
  '(persona|personas|humano|humana|ser humano|agente|agentes|operador|operadora|asesor|asesora|representante|' +
  'encargado|encargada|supervisor|supervisora|responsable|gerente|jefe|jefa|empleado|empleada|trabajador|' +
  'trabajadora|tecnico|tecnica|alguien|atencion al cliente|servicio al cliente|soporte|comercial|gestor|gestora|' +
  'companero|companera)(s|es)?';

// Past-tense "pagó/pagué" and the noun "página" share letters: list the verb forms.
const PAY_FORMS = 'pag(a|ar|ado|ada|ados|adas|ando|amos|ais|an|as|o|os|ue|uen|aria|are|ara)';

export const LEXICON_ES: RoutingLexicon = {
  language: 'es',
  rewrites: [
    [/\bkiero\b/g, 'quiero'],
    [/\b(k|q|ke)\b/g, 'que'],
    [/\b(xq|pq|porq|xk)\b/g, 'porque'],
    [/\bd\b/g, 'de'],
    [/\bx\b/g, 'por'],
    [/\b(tb|tmb|tambn)\b/g, 'tambien'],
    [/\b(xfa|xfavor|porfa|porfis|plis)\b/g, 'por favor'],
    [/\bdnd\b/g, 'donde'],
    [/\bsta\b/g, 'esta'],
    [/\bnse\b/g, 'no se'],
  ],
  vocabulary: [
    'persona', 'humano', 'agente', 'operador', 'asesor', 'representante', 'abogado', 'abogada', 'denunciar',
    'cobrado', 'cobraron', 'suscripcion', 'contrasena', 'verguenza', 'inaceptable', 'pesimo', 'pesima', 'quiero',
    'necesito', 'alguien', 'hablar', 'devolucion', 'reembolso',
  ],
  humanRequested: {
    match: patterns(
      `(hablar|hable|hablo|habla|hablemos|charlar|conversar|comunicarme|comunicar|contactar|contactarme|tratar) (con|a) ~3 ${STAFF}`,
      '(persona|humano|alguien|agente|operador|asesor) (real|de verdad|de carne y hueso|fisica|humano|humana|vivo|viva)|(persona|ser) humano|carne y hueso|atencion (humana|personal|personalizada)',
      `(pasar|pasame|paseme|pasadme|pasen|pase|pasan|comunicar|comuniqueme|comunicame|comunicarme|transferir|transfiera|transfiere|transfieran|transferirme|poner|pongame|ponme|ponganme|derivar|derive|deriven|derivarme|redirigir|conectar|conecte|conectame|conectarme) ~3 (con|a) ~3 ${STAFF}`,
      `(me atienda|me atiendan|me atendiera|me atendieran|me atendiese|atiendame|atiendanme|atenderme) ~3 ${STAFF}`,
      `me (puede|pueden|podria|podrian|podeis|puedes) (llamar|contactar|telefonear|escribir|atender) ~3 ${STAFF}`,
      '(podria|podrian|puede|pueden|podeis) llamarme|llamarme (alguien|un|una)',
      '(que me llame|que me llamen|llamenme|llamame|llameme|llamadme|me llamen|me pueden llamar|me podeis llamar|devolver la llamada|devuelvan la llamada|rellamada)',
      '(quiero|quisiera|necesito|prefiero|exijo|pido|solicito|me gustaria) ~3 (humano|persona real|agente|operador|operadora|asesor|asesora|representante|supervisor|encargado|encargada|responsable)',
      '(no|basta|harto|harta|deja|dejen|cansado|cansada|en vez de|en lugar de) ~4 (bot|bots|robot|robots|chatbot|maquina|ia|inteligencia artificial|contestador|respuesta automatica|respuestas automaticas)',
      'hay (alguien|alguna persona|algun humano|algun agente)',
      `${STAFF} (al|por) telefono`,
      `(que )?(me|nos) (contacte|contacten|llame|llamen|escriba|escriban|atienda|atiendan) ~3 ${STAFF}`,
      `${STAFF} ~3 (me|nos) (contacte|contacten|llame|llamen|escriba|escriban)|${STAFF} ~4 (se encargue|se haga cargo|tome el relevo|retome)`,
      '^(un |una )?(humano|agente|operador|asesor|persona|una persona)( por favor| ya| ahora)*$',
    ),
    ignore: patterns('(que|cual|cuales) ~3 (horario|horarios|numero) ~8 (telefono|telefonic[oa]|chat|correo)', '(ya|ayer|antes) ~2 (hable|hablamos) con', '(el|la) (repartidor|repartidora|mensajero|cartero)', '(como|donde|cuando) ~3 (contacto|contactar|contactaros|contactarles|llamar|escribir)'),
  },
  legalThreat: {
    match: patterns(
      'abogad[a-z]*|(mis|hacer valer mis) derechos ~3 (tribunal[a-z]*|juzgado[a-z]*|via)|bufete|letrad[a-z]*|asesoria (legal|juridica)|(servicio|departamento) juridico',
      '(poner|pondre|pondremos|interponer|interpondre|presentar|presentare) ~2 (una )?(demanda|denuncia|querella)|demandar[a-z]*|demandare[a-z]*|(los|les|os|te|lo|la) (demando|denuncio)|(voy|vamos|iremos) ~2 (demandar|denunciar)',
      'denunci[a-z]*|querella[a-z]*|juzgado[a-z]*|tribunal[a-z]*|juez|jueza|juicio|pleito|via judicial|queja formal|reclamacion formal|judicial[a-z]*|(accion|acciones|medidas|medida|via) legal[a-z]*|legalmente',
      'ocu|facua|(a|en|ante) consumo|(oficina|autoridad|direccion general|ministerio|departamento|servicio|junta arbitral|arbitraje) de consumo|oficina del consumidor|omic|(organizacion|asociacion)[a-z]* de consumidores|hoja de reclamaciones|libro de reclamaciones',
      'policia|guardia civil|fiscalia|defensor del (pueblo|consumidor|cliente)',
    ),
    ignore: patterns('(amigo|amiga|hermano|hermana|primo|prima|padre|madre|marido|mujer|soy) ~2 abogad[a-z]*'),
  },
  billingDispute: {
    match: patterns(
      '(cargo|cargado|cargaron|cobrado|cobraron|cobrais|me aparece[n]?|pagado) ~10 (web|pagina|tienda online|carrito|app) ~4 (ponia|decia|marcaba|salia|mostraba|indicaba|costaba|el precio era) ~3 ([0-9]+|precio|total)|(web|pagina|tienda online|carrito|app) ~4 (ponia|decia|marcaba|salia|mostraba|indicaba|costaba|el precio era) ~3 ([0-9]+|precio|total) ~10 (cargo|cargado|cargaron|cobrado|cobraron|cobrais|me aparece[n]?|pagado)',
      'devolv[a-z]* ~3 (la )?diferencia|reembols[a-z]* ~3 (la )?diferencia',
      'me (siguen|sigue|seguis|continuan|continua|continuais) (cobr[a-z]*|carg[a-z]*)',
      '(volvieron|han vuelto|habeis vuelto|vuelven|volveis) a (cobrar|cargar)|(cobrado|cargado|cobraron|cargaron|cobrais) ~3 (otra vez|de nuevo)|(otra vez|de nuevo) ~3 (cobr[a-z]*|carg[a-z]*)',
      '(cobr[a-z]*|carg[a-z]*|debit[a-z]*|factur[a-z]*) ~3 (dos veces|2 veces|tres veces|doble|por duplicado|de mas|dos cargos)',
      '(cobro|cargo|pago|recibo)s? (duplicado|doble|repetido|indebido|no autorizado|fraudulento|desconocido|erroneo|incorrecto)s?|(doble|dos) (cobro|cargo|cargos|cobros|pago|pagos)|contracargo|retrocesion|(reclamar|reclamacion|disputa) ~3 (banco|tarjeta|entidad)',
      '(reembolso|devolucion del dinero|dinero) ~6 (todavia no|aun no|nunca|sigo sin|sigue sin|no me ha llegado|no he recibido)',
      '(sigo sin|todavia no|aun no|nunca) (he )?(recibir|recibido|recibi|me (han )?devuelto|me devolvieron|me llego|me ha llegado) ~3 (el |mi )?(reembolso|dinero)',
      'por que ~4 (cobr[a-z]*|carg[a-z]*|factur[a-z]*|hecho pagar|hicieron pagar)',
      '(cobrado|cobraron|cobrais|cobran|cargado|cargaron|facturado|facturaron) ~8 (cancele|cancelado|anule|anulado|di de baja|dado de baja)',
      '(di de baja|dado de baja|me di de baja|cancele|he cancelado|anule|he anulado) ~8 (siguen|sigue|seguis|continuan|todavia|aun|igual|igualmente|otra vez|de nuevo) ~3 (cobr[a-z]*|carg[a-z]*|cuota)',
    ),
    chargeTerms: patterns(`hecho pagar|hicieron pagar|hacen pagar|cobr[a-z]*|carg[a-z]*|cargo[s]?|debit[a-z]*|${PAY_FORMS}|factur[a-z]*|cuota[s]?|importe[s]?|cantidad|dinero|euros?|tarjeta|cuenta|extracto|recibo[s]?|transaccion[a-z]*|domiciliacion[a-z]*`),
    disputeTerms: patterns(
      '[23]x',
      'dos veces|2 veces|tres veces|doble|duplicad[a-z]*|repetid[a-z]*|de mas|demasiado',
      '(no|nunca) (he |lo )?(autorice|autorizado|autorizo|reconozco|hice|realice|pedi|compre|contrate|acepte)|sin (mi )?(autorizacion|permiso|consentimiento)|no autorizad[a-z]*|indebid[a-z]*|fraude[a-z]*|no es mio|no son mios',
      'incorrect[a-z]*|equivocad[a-z]*|erroneo[a-z]*|(importe|cantidad|precio) (distinto|diferente|mayor)|en lugar de|en vez de|mas de lo (que|debido)|el doble',
      'no (coincide|coinciden|corresponde|corresponden|cuadra|cuadran)|mayor que|mas (alto|caro) que|(distint[oa]|diferente) (de|del|al|a)',
      '(no|nunca) (he )?(contratado|contrate|suscrito|suscribi|pedido|solicitado|solicite)',
      '(despues|a pesar|aunque|pese) ~3 (cancel[a-z]*|dar de baja|di de baja|baja)',
      '(aunque|a pesar de que|cuando|si) ~4 (gratis|gratuito|gratuita|incluido|incluida|suscrito|premium|cancelad[oa]|devuelto)',
      'no es (lo|el precio|el importe|la cantidad) ~2 (acordado|acordada|indicado|indicada|anunciado|anunciada|que ponia|que decia)',
      '(di de baja|dado de baja|me di de baja|cancele|he cancelado|anule) ~8 (siguen|sigue|seguis|continuan|todavia|aun|igual|igualmente|otra vez|de nuevo)',
    ),
  },
  negativeSentiment: {
    match: patterns(
      'vergonzos[a-z]*|verguenza|harto|harta|hartos|hartas|hartazgo|inaceptable|inadmisible|intolerable|indignante|indignad[a-z]*|ridicul[a-z]*|pesim[a-z]*|fatal|horrible|terrible|lamentable|penoso|penosa|patetic[a-z]*',
      'furios[a-z]*|enfadad[a-z]*|cabread[a-z]*|cabreo|enojad[a-z]*|irritad[a-z]*|frustrad[a-z]*|frustrante',
      'estafa[a-z]*|estafador[a-z]*|timo|timador[a-z]*|ladron[a-z]*|robo|incompetent[a-z]*|inutil[a-z]*|basura|porqueria|mierda|joder|jodid[a-z]*|puta|puto|hostia|cojones|carajo|idiota[a-z]*|imbecil[a-z]*',
      'el colmo|no hay derecho|tomando el pelo|(tomais|toman|tomas|toma) el pelo|burla|cachondeo|desastre|desastros[a-z]*|nunca mas|jamas (vuelvo|volvere|compro|comprare)|no (vuelvo|volvere) a comprar',
      '(tercera|cuarta|quinta|enesima|decima) vez|(dos|tres|cuatro|cinco|varias|muchas|[0-9]+) veces ~2 (que (escribo|llamo|pregunto|pido|reclamo|contacto|os escribo|les escribo|le escribo)|ya|he (escrito|llamado|pedido|reclamado|preguntado))|cuantas veces',
      'nadie (me )?(responde|contesta|ayuda|atiende|hace caso|soluciona)|hasta las narices|hasta el gorro|hasta la coronilla|estoy quemad[a-z]*|no (sirve|sirven) para nada',
      '(muy|totalmente|profundamente|realmente|super|tan) (decepcionad[a-z]*|insatisfech[a-z]*|molest[a-z]*|descontent[a-z]*)',
      'vaya (servicio|empresa|atencion)|que (asco|verguenza|desastre)|asco|gracias por nada',
      '(ya )?no (aguanto|soporto|puedo) (mas|esto)|ya no (aguanto|soporto)|(ya basta|basta ya)|(saca|sacando|sacais|sacan) de quicio|de los nervios|(hierve|hirviendo) la sangre|que exploto|(acaba|agota|agotando|acabando|perdiendo|pierdo|perder|perdido) ~2 paciencia|(estoy|estamos) al limite|gota que colma|exasperad[a-z]*|desesperad[a-z]*|sinverguenza[s]?|caradura[s]?|chorizos|payasos|impresentables|incapaces|chapuza[s]?|chapuceros',
    ),
    ignore: patterns('(perdon|perdone|disculpe|disculpa|siento|sentimos) ~2 (la |las )?molestia[a-z]*', 'no (hay )?problema'),
    sarcasticPraise: patterns('muy bien|genial|estupendo|fantastico|maravilloso|perfecto|bravo|enhorabuena|felicidades|muchas gracias|excelente servicio|buen trabajo|que bien|de lujo'),
    unresolvedProblem: patterns(
      '(todavia|aun|sigo sin|sigue sin) ~2 (no|nada|sin|esperando)|(dias|semanas|meses) ~3 (esperando|sin|y nada|y sigo)|llevo ~3 (esperando|dias|semanas|meses)',
      '(sin|ninguna|ni una) (respuesta|noticia|contestacion)|nunca (llego|llega|contestan|responden)|otra vez',
    ),
    gratitude: patterns('gracias|genial|perfecto|estupendo|encanta|maravill[a-z]*|feliz|contento|contenta'),
  },
  topics: [
    { topic: 'payment', match: patterns('contra ?reembolso') },
    {
      topic: 'returns',
      match: patterns(
        '(gastos|coste|costes|costo|etiqueta|politica|plazo|condiciones|envio|envios) ~2 (de )?(la |las )?devolucion[a-z]*',
        'devol[a-z]*|devuelv[a-z]*|reembols[a-z]*|devolverme el dinero|desistimiento',
      ),
    },
    {
      topic: 'exchange',
      match: patterns(
        '(cambi[a-z]*|canje[a-z]*) ~3 (talla|color|modelo|numero|tamano|producto|articulo|prenda|por)|cambiarlo|cambiarla|cambiarlos|cambiarlas',
        '(otra|distinta|diferente|mayor|menor|nueva) (talla|color|numero)|talla|tallas|(queda|quedan|viene|vienen) (pequen[a-z]*|grande[a-z]*|chic[a-z]*|estrech[a-z]*)',
      ),
    },
    {
      topic: 'tracking',
      match: patterns(
        'seguimiento|(segui[a-z]*|sigo|sigue|sigues|seguir) ~3 (pedido|paquete|envio)|rastre[a-z]*|localiz[a-z]* ~3 (pedido|paquete|envio)',
        'donde (esta|estan|anda) ~2 (pedido|paquete|envio|compra)|(numero|codigo) de seguimiento|estado ~2 (pedido|envio)',
        '(pedido|paquete|envio) ~4 (no|todavia no|aun no|nunca) (ha )?(llegado|llega|llego|recibido)',
      ),
    },
    { topic: 'order_change', match: patterns('(cancelar|anular|modificar|cambiar) ~2 (pedido|compra)') },
    { topic: 'account_deletion', match: patterns('(borrar|eliminar|elimin[a-z]*|borr[a-z]*|cerrar|cierre|dar de baja|darme de baja|cancelar) ~3 (cuenta|perfil|datos)|rgpd|lopd|datos personales|derecho al olvido|proteccion de datos') },
    {
      topic: 'account_access',
      match: patterns('contrasen[a-z]*|clave|codigo (de seguridad|de verificacion|de confirmacion|sms|de respaldo)|password|iniciar sesion|inicio de sesion|acced[a-z]* ~3 (cuenta|perfil)|acceso|(entrar|entro|logue[a-z]*|conectar[a-z]*) ~3 (cuenta|web|app)|login|usuario|direccion de correo|(cambiar|modificar|actualizar) ~3 (correo|email|e mail)|cuenta bloqueada'),
    },
    { topic: 'invoice', match: patterns('factur[a-z]*|nif|cif|iva|datos fiscales|recibo|comprobante|ticket|(numero|codigo) fiscal') },
    { topic: 'payment', match: patterns('(pagar|pago|pague|pagas|pagais) (con|por|en|a|mediante|contra)|(metodos?|formas?|medios?) de pago|pago (rechazado|denegado|fallido)|tarjeta[s]?|paypal|bizum|transferencia|(a|en) plazos|aplazad[a-z]*|klarna|visa|mastercard|apple pay|google pay') },
    { topic: 'subscription', match: patterns('suscri[a-z]*|subscri[a-z]*|abono|membresia|plan|planes|premium|cuota mensual|renov[a-z]*|(dar|darme|di|doy) de baja|prueba gratuita|mensual[a-z]*|anual[a-z]*') },
    { topic: 'shipping', match: patterns('envio[s]?|envian|enviais|envias|hacen envios|(enviar|mandar)(lo|la|los|las)? ~2 (a|al|hasta|fuera)|entreg[a-z]*|reparto|repartidor|transportista|mensajer[a-z]*|correos|seur|mrw|dhl|ups|gls|urgente|express|expres|direccion de (envio|entrega)|(otra|nueva|distinta) direccion|(cambiar|actualizar|modificar|corregir) ~2 direccion|codigo postal|extranjero|internacional[a-z]*|canarias|baleares|ceuta|melilla') },
    { topic: 'discount', match: patterns('descuent[a-z]*|cupon[a-z]*|promoci[a-z]*|promo|rebaja[a-z]*|oferta[s]?|[0-9]+ por ciento|black friday|codigo|codigos|vale descuento|bono') },
    { topic: 'contact', match: patterns('horario[s]?|telefono|llamar|contactar|contacto|chat|whatsapp|correo de contacto') },
  ],
  clauseBreaks: patterns(
    'y (tambien|como|cuando|donde|cuanto|cuanta|cuantos|por que|quien|si|ademas|luego|puedo|quiero|que)',
    'tambien|ademas|aparte|por otro lado|otra (pregunta|cosa|duda)|asimismo|y encima',
  ),
  announcedRequests: [
    /\b(?:dos|2|tres|3) (?:preguntas|dudas|consultas)\b/,
    /\b(?:dos|2|tres|3|varias|varios|algunas|algunos|un par de) (?:cosas|preguntas|dudas|consultas|temas|problemas|puntos)\s*[:\-\u2013\u2014]/,
    /(?:^|[.!?,;]\s*)(?:dos|2|tres|3|varias|varios|algunas|algunos|un par de) (?:cosas|preguntas|dudas|consultas|temas|problemas|puntos)\s*\./,
  ],
  sequenceMarkers: patterns(
    'luego|despues|despues de eso|mas tarde|entonces|finalmente|al final|primero|en primer lugar|mientras tanto|desde entonces|al dia siguiente|(dias|semanas) despues|y ahora|pero ahora|asi que',
  ),
  repeatMarkers: patterns(
    'otra vez|de nuevo|nuevamente|ya (lo )?(pregunte|dije|escribi|pedi)|todavia|aun|sigue sin|sigo sin|sigue (sin funcionar|igual)|vuelvo a preguntar|repito|la misma pregunta|como (ya )?(dije|te dije|le dije)',
    'no (funciona|me sirve)',
  ),
  stopWords: [
    'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'de', 'del', 'al', 'a', 'y', 'o', 'u', 'pero', 'que',
    'se', 'me', 'te', 'le', 'nos', 'os', 'les', 'mi', 'mis', 'tu', 'tus', 'su', 'sus', 'nuestro', 'vuestro', 'es',
    'son', 'soy', 'estoy', 'esta', 'estan', 'ha', 'han', 'he', 'has', 'hay', 'ser', 'estar', 'tener', 'tengo',
    'tiene', 'puedo', 'puede', 'pueden', 'podeis', 'quiero', 'quisiera', 'necesito', 'como', 'cuando', 'donde',
    'cuanto', 'cuanta', 'cuantos', 'cual', 'por', 'para', 'con', 'sin', 'en', 'sobre', 'hola', 'gracias', 'favor',
    'si', 'no', 'ya', 'todavia', 'aun', 'otra', 'vez', 'nuevo', 'sigue', 'sigo', 'funciona', 'lo', 'esto', 'eso',
    'hacer', 'hago', 'hace', 'buenas', 'buenos', 'dias',
  ],
};
