// The wizard's question pages: one topic each, fields named by their path in the case record.

import { h, isolate, shorten } from "./dom.mjs";
import { renderField, renderList } from "./form.mjs";
import { getAt } from "./model.mjs";

const p = (dotted) => dotted.split(".");

function policyChoices(policy) {
  return {
    channel: Object.entries(policy.channels || {}).map(([value, label]) => ({ value, label })),
    behaviours: Object.entries(policy.behaviours || {})
      .filter(([, b]) => b.recorded_on_contact)
      .map(([value, b]) => ({ value, label: b.title, hint: b.description })),
    restrictions: [...(policy.restrictions || [])].sort((a, b) => a.rank - b.rank)
      .map((r) => ({ value: r.id, label: r.title, hint: r.description })),
  };
}

function roleTitle(policy, id) {
  const title = policy.roles?.[id]?.title || id;
  return title.charAt(0).toUpperCase() + title.slice(1);
}

function nextIssueId(list) {
  const used = new Set(list.map((i) => i && i.id));
  let n = list.length + 1;
  while (used.has(`I${n}`)) n += 1;
  return `I${n}`;
}

function intro(...paragraphs) {
  return paragraphs.filter(Boolean).map((text) => h("p", { class: "ucb-intro" }, text));
}

/** The case-record prefixes each question page is responsible for (errors under them show there). */
export const STEP_PATHS = {
  about: [["schema_version"], ["reference"], ["customer"]],
  circumstances: [["circumstances"]],
  issues: [["issues"]],
  contacts: [["contacts"]],
  informal: [["informal_steps"]],
  step_one: [["step_one"]],
  step_two: [["step_two"]],
  decision: [["decision"]],
  reviews: [["reviews"]],
  appeal: [["appeal"]],
};

/** Question pages other than contacts (which has its own module). Each returns its content. */
export const QUESTION_PAGES = {
  about: {
    title: "About the case",
    render(ctx) {
      return [
        renderField(ctx, ["reference"]),
        h("h3", { class: "ucb-heading-s" }, "For letters only"),
        intro(ctx.schema.properties.customer.description),
        renderField(ctx, p("customer.name")),
        renderField(ctx, p("customer.address"), { kind: "textarea", rows: 4 }),
      ];
    },
  },
  circumstances: {
    title: "Circumstances to check first",
    render(ctx) {
      const c = (rest) => p(`circumstances.${rest}`);
      return [
        intro(ctx.schema.properties.circumstances.description),
        renderField(ctx, c("open_complaint.is_open"), { reveal: [c("open_complaint.stage"), c("open_complaint.reference")] }),
        renderField(ctx, c("representative.is_acting"), { reveal: [c("representative.name"), c("representative.authority_checked")] }),
        renderField(ctx, c("vulnerability.is_disclosed"), { reveal: [c("vulnerability.needs")] }),
        h("h3", { class: "ucb-heading-s" }, "Reasonable adjustments agreed"),
        intro(ctx.schema.properties.circumstances.properties.vulnerability.properties.adjustments.description),
        renderList(ctx, c("vulnerability.adjustments"), { noun: "adjustment", itemFields: ["description", "agreed_on"] }),
      ];
    },
  },
  issues: {
    title: "The customer's issues",
    render(ctx) {
      return [
        intro(ctx.schema.properties.issues.description,
          "Record every issue, including any we answered late: the tool checks whether the contact is explained by problems we have not resolved."),
        renderList(ctx, ["issues"], {
          noun: "issue",
          newItem: (list) => ({ id: nextIssueId(list) }),
          legend: (item, i) => [`Issue ${i + 1}`, item && item.id ? [" (", isolate(shorten(item.id)), ")"] : ""],
          itemFields: ["id", "summary", "department", "status", "raised_on", "due_on", "responded_on", "deadline_met"],
        }),
      ];
    },
  },
  informal: {
    title: "Informal steps taken",
    render(ctx) {
      return [
        intro(ctx.schema.properties.informal_steps.description),
        renderList(ctx, ["informal_steps"], { noun: "informal step", itemFields: ["action", "date", "by", "outcome"] }),
      ];
    },
  },
  step_one: {
    title: "Step one",
    render(ctx) {
      const s = (rest) => p(`step_one.${rest}`);
      return [
        intro(ctx.schema.properties.step_one.description, "Leave this page blank if step one has not happened yet."),
        renderField(ctx, s("manager")),
        renderField(ctx, s("date")),
        renderField(ctx, s("concerns_explained")),
        h("h3", { class: "ucb-heading-s" }, "Way forward proposed"),
        renderField(ctx, s("proposal.single_point_of_contact")),
        renderField(ctx, s("proposal.method")),
        renderField(ctx, s("proposal.frequency")),
        renderField(ctx, s("response")),
        renderField(ctx, s("response_on")),
      ];
    },
  },
  step_two: {
    title: "Step-two referral",
    later: true,
    render(ctx, app) {
      const s = (rest) => p(`step_two.${rest}`);
      const choices = policyChoices(app.policy);
      return [
        intro(`Only for a case that has been referred to the ${roleTitle(app.policy, app.policy.stages?.step_two?.role)}. Leave this page blank otherwise.`),
        renderField(ctx, s("referred_on")),
        renderField(ctx, s("referred_by")),
        h("h3", { class: "ucb-heading-s" }, ctx.schema.properties.step_two.properties.evidence.title),
        intro(ctx.schema.properties.step_two.properties.evidence.description),
        renderList(ctx, s("evidence"), { noun: "piece of evidence", newItem: () => "", itemFields: [{ key: "", opts: { label: "Document or record" } }] }),
        renderField(ctx, s("proposed_restrictions"), { choices: choices.restrictions }),
      ];
    },
  },
  decision: {
    title: "Step-two decision",
    later: true,
    render(ctx, app) {
      const s = (rest) => p(`decision.${rest}`);
      const choices = policyChoices(app.policy);
      return [
        intro(ctx.schema.properties.decision.description, "Leave this page blank if no decision has been made."),
        renderField(ctx, s("decided_on")),
        renderField(ctx, s("decided_by")),
        renderField(ctx, s("consulted")),
        h("h3", { class: "ucb-heading-s" }, ctx.schema.properties.decision.properties.restrictions.title),
        intro(ctx.schema.properties.decision.properties.restrictions.description),
        renderList(ctx, s("restrictions"), {
          noun: "restriction",
          itemFields: [{ key: "option", opts: { kind: "choice", choices: choices.restrictions, label: "Restriction option" } }, "scope", "starts_on", "review_on"],
        }),
        renderField(ctx, s("letter_sent_on")),
      ];
    },
  },
  reviews: {
    title: "Reviews",
    later: true,
    render(ctx) {
      return [
        intro(ctx.schema.properties.reviews.description, "Leave this page blank if there has been no review."),
        renderList(ctx, ["reviews"], { noun: "review", itemFields: ["reviewed_on", "reviewed_by", "outcome", "reasons"] }),
      ];
    },
  },
  appeal: {
    title: "Appeal",
    later: true,
    render(ctx) {
      const s = (rest) => p(`appeal.${rest}`);
      return [
        intro(ctx.schema.properties.appeal.description, "Leave this page blank if the customer has not appealed."),
        renderField(ctx, s("received_on")),
        renderField(ctx, s("considered_by")),
        renderField(ctx, s("outcome")),
        renderField(ctx, s("decided_on")),
        renderField(ctx, s("reasons"), { kind: "textarea" }),
      ];
    },
  },
};

export { policyChoices, roleTitle };

/** Whether a question page has anything recorded (for the check page). */
export function hasAnswers(caseRecord, stepId) {
  return (STEP_PATHS[stepId] || []).some((path) => getAt(caseRecord, path) !== undefined);
}
