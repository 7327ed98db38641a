// The portal's only script (served as a file: the page's CSP allows no inline script).
// Without it the page still works: the print button is the one thing it adds.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  const result = document.getElementById("result");
  if (result) result.focus();  // a screen reader hears the verdict first
});
