export { TitleOnly as default } from "../../../src/server/page-title";
export const metadata = { title: "Teams · Access" };
