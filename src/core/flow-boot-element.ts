/** The id of the `<script type="application/json">` element that holds the flow's boot data. */
export const FLOW_BOOT_ELEMENT_ID = 'resolve-boot';
/** The shop's embed config (or that there is none), written into the shell when the server has it. */
export const FLOW_CONFIG_ELEMENT_ID = 'resolve-config';
/** The flow's strings in the language the server expects the page to show. */
export const FLOW_STRINGS_ELEMENT_ID = 'resolve-strings';
