// Files imported `with { type: "text" }` are their text, embedded by `bun build --compile`.
declare module "*.py" {
  const text: string;
  export default text;
}
