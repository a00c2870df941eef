/**
 * Content of the Help Center replica: the 8 Resolve languages plus Swedish, which Gorgias has and
 * Resolve does not ship, so the fallback to the shop's default language can be seen.
 */
export interface HelpCenterStrings {
  name: string;
  home: string;
  search: string;
  categories: string;
  orders: string;
  ordersIntro: string;
  returnsTitle: string;
  returnsBody: string;
  shippingTitle: string;
  shippingBody: string;
  contact: string;
  contactBody: string;
  language: string;
}

export const HELP_CENTER_LOCALES: Record<string, HelpCenterStrings> = {
  'en-US': {
    name: 'Demo Shop Help Center',
    home: 'Home',
    search: 'Search articles',
    categories: 'Categories',
    orders: 'Orders & returns',
    ordersIntro: 'Everything about your orders, deliveries and returns.',
    returnsTitle: 'Returns and claims',
    returnsBody:
      'Something arrived damaged, is missing or is not what you ordered? Report it below and we will sort it out.',
    shippingTitle: 'Shipping times',
    shippingBody: 'Orders ship within 2 business days.',
    contact: 'Contact us',
    contactBody: 'Write to us and we will answer within one business day.',
    language: 'Language',
  },
  'de-DE': {
    name: 'Demo Shop Hilfe-Center',
    home: 'Startseite',
    search: 'Artikel durchsuchen',
    categories: 'Kategorien',
    orders: 'Bestellungen & Retouren',
    ordersIntro: 'Alles zu Bestellungen, Lieferungen und Retouren.',
    returnsTitle: 'Retouren und Reklamationen',
    returnsBody:
      'Ist etwas beschädigt angekommen, fehlt etwas oder ist es falsch? Melde es hier, wir kümmern uns darum.',
    shippingTitle: 'Lieferzeiten',
    shippingBody: 'Bestellungen werden innerhalb von 2 Werktagen versendet.',
    contact: 'Kontakt',
    contactBody: 'Schreib uns, wir antworten innerhalb eines Werktags.',
    language: 'Sprache',
  },
  'fr-FR': {
    name: 'Centre d’aide Demo Shop',
    home: 'Accueil',
    search: 'Rechercher des articles',
    categories: 'Catégories',
    orders: 'Commandes et retours',
    ordersIntro: 'Tout sur vos commandes, livraisons et retours.',
    returnsTitle: 'Retours et réclamations',
    returnsBody: 'Un article est arrivé endommagé, manque ou ne correspond pas ? Signalez-le ci-dessous.',
    shippingTitle: 'Délais de livraison',
    shippingBody: 'Les commandes partent sous 2 jours ouvrés.',
    contact: 'Nous contacter',
    contactBody: 'Écrivez-nous, nous répondons sous un jour ouvré.',
    language: 'Langue',
  },
  'es-ES': {
    name: 'Centro de ayuda de Demo Shop',
    home: 'Inicio',
    search: 'Buscar artículos',
    categories: 'Categorías',
    orders: 'Pedidos y devoluciones',
    ordersIntro: 'Todo sobre tus pedidos, entregas y devoluciones.',
    returnsTitle: 'Devoluciones y reclamaciones',
    returnsBody: '¿Algo llegó dañado, falta o no es lo que pediste? Infórmanos aquí abajo.',
    shippingTitle: 'Plazos de envío',
    shippingBody: 'Los pedidos se envían en 2 días laborables.',
    contact: 'Contacto',
    contactBody: 'Escríbenos y te responderemos en un día laborable.',
    language: 'Idioma',
  },
  'it-IT': {
    name: 'Centro assistenza Demo Shop',
    home: 'Home',
    search: 'Cerca articoli',
    categories: 'Categorie',
    orders: 'Ordini e resi',
    ordersIntro: 'Tutto su ordini, consegne e resi.',
    returnsTitle: 'Resi e reclami',
    returnsBody: 'Un articolo è arrivato danneggiato, manca o è sbagliato? Segnalalo qui sotto.',
    shippingTitle: 'Tempi di spedizione',
    shippingBody: 'Gli ordini partono entro 2 giorni lavorativi.',
    contact: 'Contattaci',
    contactBody: 'Scrivici, rispondiamo entro un giorno lavorativo.',
    language: 'Lingua',
  },
  'nl-NL': {
    name: 'Demo Shop Helpcentrum',
    home: 'Home',
    search: 'Artikelen zoeken',
    categories: 'Categorieën',
    orders: 'Bestellingen & retouren',
    ordersIntro: 'Alles over bestellingen, leveringen en retouren.',
    returnsTitle: 'Retouren en klachten',
    returnsBody: 'Is iets beschadigd aangekomen, ontbreekt het of klopt het niet? Meld het hieronder.',
    shippingTitle: 'Levertijden',
    shippingBody: 'Bestellingen worden binnen 2 werkdagen verzonden.',
    contact: 'Contact',
    contactBody: 'Schrijf ons, we antwoorden binnen één werkdag.',
    language: 'Taal',
  },
  'da-DK': {
    name: 'Demo Shop Hjælpecenter',
    home: 'Forside',
    search: 'Søg i artikler',
    categories: 'Kategorier',
    orders: 'Ordrer og returneringer',
    ordersIntro: 'Alt om ordrer, levering og returnering.',
    returnsTitle: 'Returnering og reklamationer',
    returnsBody: 'Er noget ankommet beskadiget, mangler det eller er det forkert? Anmeld det herunder.',
    shippingTitle: 'Leveringstider',
    shippingBody: 'Ordrer afsendes inden for 2 hverdage.',
    contact: 'Kontakt os',
    contactBody: 'Skriv til os, vi svarer inden for én hverdag.',
    language: 'Sprog',
  },
  'pl-PL': {
    name: 'Centrum pomocy Demo Shop',
    home: 'Strona główna',
    search: 'Szukaj artykułów',
    categories: 'Kategorie',
    orders: 'Zamówienia i zwroty',
    ordersIntro: 'Wszystko o zamówieniach, dostawach i zwrotach.',
    returnsTitle: 'Zwroty i reklamacje',
    returnsBody: 'Coś dotarło uszkodzone, czegoś brakuje lub jest nie to? Zgłoś to poniżej.',
    shippingTitle: 'Czas dostawy',
    shippingBody: 'Zamówienia wysyłamy w ciągu 2 dni roboczych.',
    contact: 'Kontakt',
    contactBody: 'Napisz do nas, odpowiemy w ciągu jednego dnia roboczego.',
    language: 'Język',
  },
  'sv-SE': {
    name: 'Demo Shop Hjälpcenter',
    home: 'Hem',
    search: 'Sök artiklar',
    categories: 'Kategorier',
    orders: 'Beställningar och returer',
    ordersIntro: 'Allt om beställningar, leveranser och returer.',
    returnsTitle: 'Returer och reklamationer',
    returnsBody: 'Har något kommit skadat, saknas eller är fel? Anmäl det nedan.',
    shippingTitle: 'Leveranstider',
    shippingBody: 'Beställningar skickas inom 2 arbetsdagar.',
    contact: 'Kontakta oss',
    contactBody: 'Skriv till oss så svarar vi inom en arbetsdag.',
    language: 'Språk',
  },
};

export const DEFAULT_HELP_CENTER_LOCALE = 'en-US';

/** Stable Gorgias-style paths (`/{locale}/{slug}-{id}`, `/{locale}/articles/{slug}-{id}`). */
export const HELP_CENTER_PATHS = {
  category: 'articles/orders-and-returns-4',
  returnsArticle: 'returns-and-claims-12',
  shippingArticle: 'shipping-times-13',
  contact: 'contact',
} as const;

/**
 * The allow-list the demo shop uses: home, the orders category, the returns article and the contact
 * page, in every locale. The shipping article is deliberately absent.
 */
export function demoAllowedUrls(helpCenterOrigin: string): string[] {
  return [
    // A locale first segment stands for every locale: this is the home page in all of them.
    // (`${helpCenterOrigin}/*` would be the whole site: a trailing `/*` is a subtree.)
    `${helpCenterOrigin}/en-US`,
    `${helpCenterOrigin}/*/articles/*`,
    `${helpCenterOrigin}/*/${HELP_CENTER_PATHS.returnsArticle}`,
    `${helpCenterOrigin}/*/${HELP_CENTER_PATHS.contact}`,
  ];
}
