/** The path of an absolute request URL without parsing the whole URL (it is read on every request). */
export function pathnameOf(url: string): string {
  const afterScheme = url.indexOf("//");
  let start = afterScheme === -1 ? 0 : afterScheme + 2;
  while (start < url.length && url[start] !== "/" && url[start] !== "?" && url[start] !== "#") start++;
  if (start >= url.length || url[start] !== "/") return "/";
  let end = start;
  while (end < url.length && url[end] !== "?" && url[end] !== "#") end++;
  return url.slice(start, end);
}
