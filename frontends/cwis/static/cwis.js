// OpenMFP CentreWare Internet Services: progressive enhancement only (every form works
// without it). A form with a data-confirm attribute asks before it is sent.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm) {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  }
});
