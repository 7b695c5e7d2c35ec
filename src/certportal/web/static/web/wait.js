// The 获取验证码 button counts down before a new code may be requested; the server
// enforces the same wait, this only saves the client a refused request.
(function () {
  var button = document.querySelector("[data-wait]");
  if (!button || !button.hasAttribute("data-start")) return;
  var label = button.textContent;
  var left = parseInt(button.getAttribute("data-wait"), 10);
  button.disabled = true;
  var timer = setInterval(function () {
    left -= 1;
    button.textContent = left > 0 ? label + " (" + left + ")" : label;
    if (left <= 0) { button.disabled = false; clearInterval(timer); }
  }, 1000);
  button.textContent = label + " (" + left + ")";
})();
