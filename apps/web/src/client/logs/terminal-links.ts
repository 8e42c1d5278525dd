/**
 * Log text never becomes a link. A container can print an OSC 8 hyperlink
 * (ESC ] 8 ; params ; URL ST text ESC ] 8 ; ; ST — ST being BEL or ESC \), which ANSI renderers turn
 * into a clickable anchor whose words need not match where it goes. Here the link becomes its
 * text followed by the URL in plain sight, "text (URL)", and every other OSC sequence (window
 * titles, clipboard writes) is dropped before the line is rendered.
 */
const ST = String.raw`(?:\u0007|\u001b\\)`;
const LINK = new RegExp(String.raw`\u001b\]8;[^;\u0007\u001b]*;([^\u0007\u001b]*)${ST}([\s\S]*?)\u001b\]8;[^;\u0007\u001b]*;${ST}`, "g");
const ANY_OSC = new RegExp(String.raw`\u001b\][^\u0007\u001b]*(?:${ST}|$)`, "g");

export function unlinkTerminalText(text: string): string {
  return text
    .replace(LINK, (_all, url: string, label: string) => (url === "" || url === label ? label : `${label} (${url})`))
    .replace(ANY_OSC, "");
}
