// Starts Swagger UI on the API document; a file of its own so the docs page needs no inline script.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({ url: "docs/json", dom_id: "#swagger-ui", deepLinking: true });
});
