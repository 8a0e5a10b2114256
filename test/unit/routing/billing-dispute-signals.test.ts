import { describe } from 'vitest';
import { expectReason } from '../../support/routing-reasons.js';

/* Disputes as customers write them: an amount taken twice ("2x"), taken again after a return or a cancellation, or "refund the difference" between the price shown and the one charged. */
describe('billing disputes stated with amounts', () => {
  expectReason(
    'billing_dispute',
    [
      ['de', 'Laut Kontoauszug wurden am 14.06. 2x 129,00 € für die Bestellung 30417 abgebucht.'],
      [
        'de',
        'Ich habe den Pullover vor drei Wochen zurückgeschickt, trotzdem wurden mir jetzt nochmals 79 € vom Konto abgebucht.',
      ],
      ['de', 'Im Shop stand 59 €, bezahlt habe ich 69 €. Bitte erstatten Sie mir die Differenz.'],
      ['en', 'I cancelled my plan on 3 March and you still took €14.99 from my card on the 5th.'],
      ['en', "You've taken £19.99 every month since I cancelled in January."],
      ['en', 'The site said 49 euros and my card shows 59, please refund the difference.'],
      [
        'es',
        'En la web ponía 34,95 € pero en el extracto me aparecen 44,95 €. ¿Me podéis devolver la diferencia?',
      ],
      ['es', 'Devolví las zapatillas y me habéis vuelto a cobrar 60 €.'],
      ['it', 'Dopo il reso delle cuffie mi avete addebitato di nuovo 24,99 €.'],
      ['it', 'Sul sito costava 79 € e dalla carta me ne avete presi 119, ridatemi la differenza.'],
      [
        'fr',
        "J'ai été débitée de 59,99 € le 2 avril pour le renouvellement du Club alors que j'avais résilié le 28 mars.",
      ],
      ['fr', 'Vous avez débité ma carte à nouveau pour la même commande.'],
      [
        'de',
        'Auf meinem Kontoauszug ist eine Abbuchung von 54,90 € von euch, aber ich habe seit Januar gar nichts bestellt.',
      ],
      ['de', 'Die Abbuchung über 30 € kann ich nicht zuordnen, bitte buchen Sie das zurück.'],
      [
        'it',
        'Ho restituito il giubbotto ma i 149 euro risultano ancora addebitati sulla mia carta.',
      ],
      [
        'en',
        'I cancelled my membership in January, yet you have taken two more monthly payments since then.',
      ],
      [
        'it',
        'Mi è stato addebitato un importo di 59 euro per un abbonamento che ho disdetto a febbraio.',
      ],
      ['it', 'Mi avete addebitato 120 € invece degli 80 € indicati nel carrello.'],
      [
        'de',
        'Auf meinem Kontoauszug steht eine Abbuchung von 24,90 €, die ich nicht zuordnen kann.',
      ],
      ['de', 'ich hab die ware zurückgeschickt und ihr bucht trotzdem den vollen betrag ab'],
      [
        'es',
        'Devolví las zapatillas y confirmaron la recepción, pero me siguen cobrando las cuotas.',
      ],
      ['en', 'unknown $49 charge on my card'],
      ['en', 'You charged my card 59.90 but the website said 49.90.'],
      [
        'es',
        'En el extracto me aparece un cargo de 134,90 € por unos auriculares, pero en la web el precio era de 99,90 €.',
      ],
      ['fr', 'Ma carte a encore été débitée de 649 € alors que la télévision vous a été renvoyée.'],
      [
        'de',
        'Trotzdem wurden mir heute noch einmal 289 Euro für die komplette Bestellung abgebucht.',
      ],
      ['it', 'Mi avete addebitato 140 euro ma sul sito costava 110 euro.'],
    ],
    [
      ['en', 'Can I order again with the same card?'],
      ['en', 'I returned the shoes last week, when will I get my refund?'],
      ['de', 'Kann ich nochmal mit Kreditkarte bezahlen?'],
      ['de', 'Ich habe 2x die gleiche Jacke bestellt, kann ich eine zurückschicken?'],
      ['it', 'Posso pagare di nuovo con la stessa carta?'],
      ['es', '¿Puedo volver a pagar con otra tarjeta?'],
      ['fr', 'Je voudrais commander à nouveau le même pull, il est encore en stock ?'],
      ['de', 'Ich kann die Jacke keiner Größe zuordnen, welche soll ich nehmen?'],
      [
        'de',
        'Ich habe noch nichts bestellt, wie kann ich ein Konto anlegen und mit Rechnung zahlen?',
      ],
      ['de', 'Das Paket kann ich keiner Bestellung zuordnen, es kam ohne Rechnung.'],
      ['en', 'The app showed my payment was successful, where is my order?'],
      ['en', 'The website says express shipping is 9.90, can I pay by card?'],
      ['es', 'En la web ponía que el envío es gratis a partir de 50 €, ¿puedo pagar con tarjeta?'],
      ['it', 'Posso pagare con PayPal invece della carta?'],
    ],
  );
});

describe('requests for a person, indirect ones included', () => {
  expectReason(
    'human_requested',
    [
      ['en', 'Is there actually anyone there I can talk to?'],
      ['de', 'Holen Sie mir sofort einen Vorgesetzten.'],
      ['it', 'Preferirei che qualcuno mi richiamasse al 347 1234567, grazie.'],
      ['es', '¿Podría llamarme alguien de su equipo esta tarde para revisarlo conmigo?'],
    ],
    // A question about the phone line's hours is not a request for a person.
    [['es', '¿Qué horario tiene el servicio de atención al cliente por teléfono?']],
  );
});
