// The task list (GOV.UK "complete multiple tasks"): every part of the case as a task with its status,
// grouped by the stage it belongs to, and where the case stands now with the next steps.

import { h } from "./dom.mjs";
import { getAt } from "./model.mjs";
import { QUESTION_PAGES, STEP_PATHS } from "./steps.mjs";

/** The tasks in the order a case goes through them, grouped by stage. */
export const TASK_GROUPS = [
  { title: "Set up the case", tasks: ["about", "circumstances", "contacts", "issues"] },
  { title: "Before any referral", tasks: ["informal", "step_one", "warning"] },
  { title: "After a threat or violence", tasks: ["protective"] },
  { title: "Step two", tasks: ["step_two", "decision"] },
  { title: "After a decision", tasks: ["reviews", "appeals"] },
];

export const TASKS = TASK_GROUPS.flatMap((g) => g.tasks);

export function taskTitle(taskId) {
  return taskId === "contacts" ? "Contact log" : QUESTION_PAGES[taskId].title;
}

/** Whether a task's part of the case holds anything. */
export function hasAnswers(caseRecord, taskId) {
  return (STEP_PATHS[taskId] || []).some((path) => {
    const value = getAt(caseRecord, path);
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
  });
}

/**
 * Whether the case has reached the stage where a task is needed. Pages of later stages stay open
 * (a manager can record what happened in any order); this only says which are not needed yet.
 */
export function reached(caseRecord, taskId) {
  const has = (id) => hasAnswers(caseRecord, id);
  const threat = (caseRecord.contacts || []).some((c) => (c.behaviours || []).includes("threatening"));
  switch (taskId) {
    case "warning": return has("step_one") || has("warning");
    case "protective": return threat || has("protective");
    case "step_two": return has("warning") || has("protective") || has("step_two");
    case "decision": return has("step_two") || has("decision");
    case "reviews": return has("decision") || has("reviews");
    case "appeals": return has("decision") || has("protective") || has("appeals");
    default: return true;
  }
}

/**
 * A task's status: "completed" (answered, no problem known), "incomplete" (answered, with problems to
 * fix), "not_started" or "not_needed" (a later stage the case has not reached).
 */
export function taskStatus(caseRecord, taskId, problemTasks) {
  if (hasAnswers(caseRecord, taskId)) return problemTasks.has(taskId) ? "incomplete" : "completed";
  return reached(caseRecord, taskId) ? "not_started" : "not_needed";
}

const STATUS_TEXT = {
  completed: "Completed",
  incomplete: "Incomplete",
  not_started: "Not yet started",
  not_needed: "Not needed yet",
};

/** The next task after `taskId` that is needed and not yet completed, or null. */
export function nextTask(caseRecord, taskId, problemTasks) {
  for (const id of TASKS.slice(TASKS.indexOf(taskId) + 1)) {
    const status = taskStatus(caseRecord, id, problemTasks);
    if (status === "not_started" || status === "incomplete") return id;
  }
  return null;
}

/** The task list, each task a link to its page (`onOpen(taskId)`), with its status. */
export function renderTaskList(app, problemTasks, onOpen, highlight) {
  const c = app.draft.case;
  return TASK_GROUPS.map((group, g) => {
    const headingId = `ucb-task-group-${g}`;
    return h("section", { class: "ucb-task-group", "aria-labelledby": headingId },
      h("h3", { class: "ucb-heading-s", id: headingId }, `${g + 1}. ${group.title}`),
      h("ul", { class: "ucb-task-list" }, group.tasks.map((taskId) => {
        const status = taskStatus(c, taskId, problemTasks);
        const statusId = `ucb-task-${taskId}-status`;
        const link = h("a", {
          href: app.urlFor(taskId), class: "ucb-task-list__link", id: `ucb-task-${taskId}`, "aria-describedby": statusId,
          onclick: (event) => {
            if (event.ctrlKey || event.metaKey || event.shiftKey) return;
            event.preventDefault();
            event.stopPropagation(); // not Material's instant navigation: the tool moves itself
            onOpen(taskId);
          },
        }, taskTitle(taskId));
        const tag = status === "incomplete" || status === "not_started"
          ? h("strong", { class: `ucb-tag ucb-tag--${status}`, id: statusId }, STATUS_TEXT[status])
          : h("span", { class: `ucb-task-list__status ucb-task-list__status--${status}`, id: statusId }, STATUS_TEXT[status]);
        return h("li", { class: `ucb-task-list__item${highlight.has(taskId) ? " ucb-task-list__item--next" : ""}`, "data-task": taskId, "data-status": status },
          h("div", { class: "ucb-task-list__name" }, link,
            highlight.has(taskId) ? h("div", { class: "ucb-hint ucb-task-list__hint" }, "The next step is recorded here.") : null),
          h("div", { class: "ucb-task-list__status-box" }, tag));
      })));
  });
}
