// Starts Swagger UI on /docs from FieldOps's own copy (no CDN, no inline script).
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
