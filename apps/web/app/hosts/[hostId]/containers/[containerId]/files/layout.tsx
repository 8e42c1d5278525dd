import { hostPageTitle } from "../../../../../../src/server/page-title";
export { TitleOnly as default } from "../../../../../../src/server/page-title";
export const generateMetadata = hostPageTitle("Files");
