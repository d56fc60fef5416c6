// "Donnez-nous votre avis !": sends the form with fetch and shows the answer in place.
// Without this script the form posts and the page reloads at the block: same result.
(function () {
  "use strict";

  // "1 000", as French readers write it and as the page says before this script runs.
  function number(n) {
    return n.toLocaleString("fr-FR");
  }

  // What the server counts (feedback/forms.py, normalise_comment): code points, not UTF-16 units
  // (an emoji is one, not two), with the ends trimmed. A textarea's value already has LF line
  // breaks; the browser sends them as CRLF, which the server turns back into LF.
  function commentLength(value) {
    return Array.from(value.trim()).length;
  }

  function updateCounter(form) {
    var box = form.querySelector("textarea");
    var counter = form.querySelector("#id_comment_counter");
    if (!box || !counter) return;
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var left = max - commentLength(box.value);
    counter.textContent = left >= 0
      ? "Il vous reste " + number(left) + " caractère" + (left > 1 ? "s" : "") + " sur " + number(max) + "."
      : "Vous avez " + number(-left) + " caractère" + (-left > 1 ? "s" : "") + " en trop.";
    counter.classList.toggle("is-over", left < 0);
  }

  function focusResult(block) {
    var target = block.querySelector("[data-feedback-thanks], [data-feedback-first-error]");
    var form = block.querySelector("form[data-feedback-form]");
    if (!target && form && form.getAttribute("data-first-error")) {
      target = document.getElementById(form.getAttribute("data-first-error"));
    }
    if (target) target.focus();
  }

  function bind(block) {
    var form = block.querySelector("form[data-feedback-form]");
    if (!form) return;
    updateCounter(form);
    form.addEventListener("input", function () { updateCounter(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var status = form.querySelector("[data-feedback-status]");
      // Keep the block's height while its content changes, so nothing below it moves
      // (the exact height: offsetHeight rounds and would let the page shift by a fraction of a pixel).
      block.style.minHeight = block.getBoundingClientRect().height + "px";
      button.disabled = true;
      status.textContent = "Envoi en cours…";
      fetch(form.action, {
        method: "POST",
        // URL-encoded, as the form posts without this script: the server refuses multipart.
        body: new URLSearchParams(new FormData(form)),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        if (!data.html) {
          // A refusal with no form to show (article unpublished, cross-site): say why.
          var refusal = new Error(data.message || "");
          refusal.fromServer = Boolean(data.message);
          throw refusal;
        }
        block.innerHTML = data.html;
        bind(block);
        focusResult(block);
      }).catch(function (error) {
        button.disabled = false;
        status.textContent = error.fromServer
          ? error.message
          : "L’envoi a échoué. Vérifiez votre connexion puis réessayez.";
      });
    });
  }

  var block = document.querySelector("[data-feedback]");
  if (block) bind(block);
})();
