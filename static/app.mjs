// Progressive enhancement only: every page works without JavaScript.
import { initAll as initGovuk } from "./vendor/govuk-frontend.min.js";
import { initAll as initMoj } from "./vendor/moj-frontend.min.js";

initGovuk();
initMoj();
