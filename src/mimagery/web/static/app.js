// mimagery: keyboard shortcuts on the study page. Every page works without this file.
//   Space or Enter: show the answer · 1-4: Again, Hard, Good, Easy · u: undo the last grade
"use strict";

(function () {
  const answer = document.getElementById("answer");
  const undo = document.getElementById("undo");
  if (!answer && !undo) {
    return;
  }

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  let sent = false;

  function press(button) {
    if (!button || sent) {
      return;
    }
    sent = true; // one grade per card, even if a key is held down
    button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    if (answer && !answer.open && (event.key === " " || event.key === "Enter")) {
      event.preventDefault();
      answer.open = true;
      return;
    }
    const grade = document.querySelector('.grade[data-key="' + event.key + '"]');
    if (answer && grade) {
      event.preventDefault();
      if (!answer.open) {
        answer.open = true; // the answer first, as in the terminal
        return;
      }
      press(grade);
      return;
    }
    if ((event.key === "u" || event.key === "U") && undo) {
      event.preventDefault();
      press(undo);
    }
  });
})();
