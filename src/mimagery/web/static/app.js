// mimagery: keyboard shortcuts on the study page. Every page works without this file.
//   Space or Enter: show the answer, then grade Good · 1-4: Again, Hard, Good, Easy
//   u: undo the last grade · p: hear the term (on the front only when the front is the term)
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

  // A focused button or link answers Space and Enter itself (it was chosen on purpose).
  function activates(target) {
    return target instanceof HTMLElement && /^(BUTTON|A)$/.test(target.tagName);
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
    const flip = event.key === " " || event.key === "Enter";
    if (answer && flip && !activates(event.target)) {
      event.preventDefault(); // Space would scroll the page
      if (event.repeat) {
        return; // a held key shows the answer, and grades nothing
      }
      if (!answer.open) {
        answer.open = true;
      } else {
        press(document.getElementById("grade-good"));
      }
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
    if ((event.key === "p" || event.key === "P") && answer) {
      const sound = document.getElementById(answer.open ? "answer-term-sound" : "front-term-sound");
      if (sound) {
        event.preventDefault();
        sound.currentTime = 0;
        sound.play().catch(function () {}); // a sound that cannot play says so in its controls
      }
      return;
    }
    if ((event.key === "u" || event.key === "U") && undo) {
      event.preventDefault();
      press(undo);
    }
  });
})();
