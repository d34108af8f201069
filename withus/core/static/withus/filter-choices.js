// A long list of checkboxes gets a search box that narrows it as you type. Without JavaScript the whole list is
// shown and works the same. Ticked choices always stay in view, and a status line says how many are shown.
// A question marked data-shown-for-kind="staff" is shown only while that answer to "kind" is chosen.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-shown-for-kind]"), function (question) {
    var wanted = question.getAttribute("data-shown-for-kind");
    var radios = document.querySelectorAll('input[type="radio"][name="kind"]');
    function show() {
      var chosen = document.querySelector('input[type="radio"][name="kind"]:checked');
      question.hidden = !chosen || chosen.value !== wanted;
    }
    Array.prototype.forEach.call(radios, function (radio) { radio.addEventListener("change", show); });
    show();
  });
  var groups = document.querySelectorAll("[data-filter-choices]");
  Array.prototype.forEach.call(groups, function (group, index) {
    var items = group.querySelectorAll(".nhsuk-checkboxes__item");
    if (items.length < 8) {
      return;
    }
    var what = group.getAttribute("data-filter-choices");
    var id = "filter-choices-" + index;
    var wrapper = document.createElement("div");
    wrapper.className = "nhsuk-form-group withus-filter-choices";
    var label = document.createElement("label");
    label.className = "nhsuk-label";
    label.htmlFor = id;
    label.textContent = "Search " + what;
    var input = document.createElement("input");
    input.className = "nhsuk-input nhsuk-input--width-20";
    input.id = id;
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    var status = document.createElement("p");
    status.className = "nhsuk-body-s";
    status.id = id + "-status";
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", status.id);
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    var list = group.querySelector(".nhsuk-checkboxes");
    list.parentNode.insertBefore(wrapper, list);

    function update() {
      var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var box = item.querySelector("input");
        var text = item.textContent.toLowerCase();
        var match = box.checked || words.every(function (word) { return text.indexOf(word) !== -1; });
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      status.textContent = words.length ? shown + " of " + items.length + " shown" : items.length + " to choose from";
    }

    input.addEventListener("input", update);
    // Enter in the search box narrows the list; it must never send the form half-filled.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    update();
  });
})();
