// Files imported `with { type: "file" }` resolve to a path that Bun.file can read (also inside a compiled binary).
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const path: string;
  export default path;
}
declare module "swagger-ui-dist/swagger-ui.css" {
  const path: string;
  export default path;
}
declare module "*/swagger-init.js" {
  const path: string;
  export default path;
}
