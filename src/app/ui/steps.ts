/**
 * Every step after the finder, as one chunk (lazy-steps.ts): the finder's first load stays small on a
 * phone, and this part arrives while the customer types the order number.
 */
export { Confirmation } from './Confirmation.js';
export { Description } from './Description.js';
export { Evidence } from './Evidence.js';
export { Issue } from './Issue.js';
export { Items } from './Items.js';
export { Preference } from './Preference.js';
export { Review } from './Review.js';
