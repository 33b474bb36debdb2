// somarkiv: optional enhancement of the web interface. Every page works
// without it. The register form shows only the fields of the chosen way
// (new case, existing case, the plan's route).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	document.querySelectorAll("form.register").forEach(function (form) {
		function update() {
			var how = form.querySelector("input[name=satt]:checked");
			["nytt", "befintligt"].forEach(function (w) {
				form.querySelectorAll(".when-" + w).forEach(function (el) {
					el.hidden = !how || how.value !== w;
				});
			});
		}
		form.querySelectorAll("input[name=satt]").forEach(function (r) {
			r.addEventListener("change", update);
		});
		update();
	});
	document.querySelectorAll("a.back[hidden]").forEach(function (a) {
		a.hidden = false;
		a.addEventListener("click", function (e) {
			e.preventDefault();
			history.back();
		});
	});
});
