/**
 * Whether a URL's path or query holds percent-encoding that does not decode to text (a cut-off
 * escape like %E0%A4%A, or the UTF-8 of a lone surrogate like %ED%A0%80). Next answers those with
 * a 500; the server refuses them first with a 400 that says so.
 */
export function undecodableUrl(url: string): boolean {
  try {
    for (const part of url.split(/[?&=]/)) decodeURIComponent(part.replace(/\+/g, " "));
    return false;
  } catch {
    return true;
  }
}
