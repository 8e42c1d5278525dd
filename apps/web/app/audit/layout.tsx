import { pageTitle } from "../../src/server/page-title";
export { TitleOnly as default } from "../../src/server/page-title";
export const metadata = pageTitle("Audit trail");
