/** The id of the `<script type="application/json">` element that holds the flow's boot data. */
export const FLOW_BOOT_ELEMENT_ID = 'resolve-boot';
