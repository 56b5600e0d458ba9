/* The findings table's filters: hide the rows that do not match and say how many are shown.
   Without this script the filters stay hidden and the whole table is there to read. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("findings");
  var shown = document.getElementById("shown");
  if (!form || !table || !shown) {
    return;
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var template = shown.getAttribute("data-template") || "";

  function wanted() {
    var chosen = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) {
        return;
      }
      if (field.type === "checkbox") {
        chosen[field.name] = field.checked ? field.value : "";
      } else {
        chosen[field.name] = field.value;
      }
    });
    return chosen;
  }

  function apply() {
    var chosen = wanted();
    var names = Object.keys(chosen);
    var count = 0;
    rows.forEach(function (row) {
      var match = names.every(function (name) {
        return !chosen[name] || row.getAttribute("data-" + name) === chosen[name];
      });
      row.hidden = !match;
      if (match) {
        count += 1;
      }
    });
    shown.textContent = template.replace("{shown}", String(count)).replace("{total}", String(rows.length));
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  apply();
}());
