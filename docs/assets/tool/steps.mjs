// The wizard's question pages: one topic each, fields named by their path in the case record.

import { h, isolate, shorten } from "./dom.mjs";
import { renderField, renderList } from "./form.mjs";
import { getAt } from "./model.mjs";

const p = (dotted) => dotted.split(".");

function policyChoices(policy) {
  const labelled = (entries) => Object.entries(entries || {}).map(([value, label]) => ({ value, label }));
  return {
    channel: labelled(policy.channels),
    appealChannel: labelled(policy.appeal_channels),
    people: labelled(policy.restricted_people),
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
  warning: [["warning"]],
  protective: [["protective_actions"]],
  step_two: [["step_two"]],
  decision: [["decision"]],
  reviews: [["reviews"]],
  appeals: [["appeals"], ["appeal"]],
};

/** The fields of one restriction (in a decision, a review or an appeal), in a list of them; `heading` makes what goes above. */
function restrictionList(app, heading) {
  const choices = policyChoices(app.policy);
  return {
    noun: "restriction",
    heading,
    itemFields: [
      { key: "option", opts: { kind: "choice", choices: choices.restrictions, label: "Restriction option" } },
      "scope",
      "contact_route",
      "starts_on",
      "review_on",
      {
        key: "applies_to",
        opts: {
          kind: "choice", choices: choices.people,
          reveal: ["person_name", "person_reasons", "person_notified_on"],
          revealWhen: (value) => Boolean(value) && value !== "customer",
          revealOpts: { person_reasons: { kind: "textarea" } },
        },
      },
    ],
  };
}

/** The roles that may decide an appeal, named as the policy names them. */
function appealRoles(policy) {
  return ["director_corporate_services", "nominated_director"].map((id) => ({ value: id, label: roleTitle(policy, id) }));
}

const APPEALED = [
  { value: "decision", label: "The step-two decision" },
  { value: "review", label: "A renewal or change at a review" },
  { value: "protective_action", label: "Immediate protective action" },
];

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
      const issues = (ctx.case.issues || []).filter((i) => i && i.id);
      const complaintIssues = issues.length
        ? { kind: "multichoice", choices: issues.map((i) => ({ value: i.id, label: `${i.id}: ${i.summary || ""}` })) }
        : null;
      return [
        intro(ctx.schema.properties.circumstances.description),
        renderField(ctx, c("open_complaint.is_open"), {
          reveal: [c("open_complaint.stage"), c("open_complaint.reference"), ...(complaintIssues ? [c("open_complaint.issues")] : [])],
          revealOpts: complaintIssues ? { "circumstances.open_complaint.issues": complaintIssues } : {},
        }),
        renderField(ctx, c("representative.is_acting"), { reveal: [c("representative.name"), c("representative.authority_checked")] }),
        renderField(ctx, c("vulnerability.is_disclosed"), { reveal: [c("vulnerability.needs")] }),
        h("h3", { class: "ucb-heading-s" }, "Reasonable adjustments agreed"),
        intro(ctx.schema.properties.circumstances.properties.vulnerability.properties.adjustments.description),
        renderList(ctx, c("vulnerability.adjustments"), { noun: "adjustment", itemFields: ["description", "agreed_on"] }),
        h("h3", { class: "ucb-heading-s" }, ctx.schema.properties.circumstances.properties.vulnerability.properties.no_adjustment_needed.title),
        intro(ctx.schema.properties.circumstances.properties.vulnerability.properties.no_adjustment_needed.description),
        renderField(ctx, c("vulnerability.no_adjustment_needed.considered_on")),
        renderField(ctx, c("vulnerability.no_adjustment_needed.reason"), { kind: "textarea" }),
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
          itemFields: ["id", "summary", "department", "status", "raised_on", "due_on", "responded_on", "deadline_met", "about_council_home"],
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
  warning: {
    title: "Written warning",
    later: true,
    render(ctx) {
      const s = (rest) => p(`warning.${rest}`);
      return [
        intro(ctx.schema.properties.warning.description, "Leave this page blank if no written warning has been given."),
        renderField(ctx, s("given_on")),
        renderField(ctx, s("given_by")),
        renderField(ctx, s("behaviour"), { kind: "textarea" }),
        renderField(ctx, s("asked_to_change"), { kind: "textarea" }),
        renderField(ctx, s("adjustments_considered")),
      ];
    },
  },
  protective: {
    title: "Immediate protective action",
    later: true,
    render(ctx, app) {
      const choices = policyChoices(app.policy);
      return [
        intro(ctx.schema.properties.protective_actions.description, "Only after a threat or violence. Leave this page blank otherwise."),
        renderList(ctx, ["protective_actions"], {
          noun: "protective action",
          itemFields: [
            "taken_on", "taken_by", { key: "action", opts: { kind: "textarea" } },
            { key: "restricts_contact", opts: { reveal: ["options"], revealOpts: { options: { kind: "multichoice", choices: choices.restrictions } } } },
            "reported_to_police", "confirmed_on", "ended_notice_sent_on",
          ],
        }),
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
      const restrictions = ctx.schema.properties.decision.properties.restrictions;
      return [
        intro(ctx.schema.properties.decision.description, "Leave this page blank if no decision has been made."),
        renderField(ctx, s("decided_on")),
        renderField(ctx, s("decided_by")),
        renderField(ctx, s("consulted"), { reveal: [s("consulted_name")] }),
        renderField(ctx, s("reasons"), { kind: "textarea" }),
        h("h3", { class: "ucb-heading-s" }, restrictions.title),
        renderList(ctx, s("restrictions"), restrictionList(app, () => intro(restrictions.description))),
        renderField(ctx, s("letter_sent_on")),
        renderField(ctx, s("ended_notice_sent_on")),
      ];
    },
  },
  reviews: {
    title: "Reviews",
    later: true,
    render(ctx, app) {
      const item = ctx.schema.properties.reviews.items.properties;
      return [
        intro(ctx.schema.properties.reviews.description, "Leave this page blank if there has been no review."),
        renderList(ctx, ["reviews"], {
          noun: "review",
          itemFields: [
            "reviewed_on", "reviewed_by", "outcome", { key: "reasons", opts: { kind: "textarea" } },
            { key: "consulted", opts: { reveal: ["consulted_name"] } },
            (_ctx, itemPath) => h("h3", { class: "ucb-heading-s" }, `${item.restrictions.title} (review ${itemPath[1] + 1})`),
            { key: "restrictions", list: restrictionList(app, () => intro(item.restrictions.description)) },
            "letter_sent_on",
          ],
        }),
      ];
    },
  },
  appeals: {
    title: "Appeals",
    later: true,
    render(ctx, app) {
      const choices = policyChoices(app.policy);
      const item = ctx.schema.properties.appeals.items.properties;
      return [
        intro(ctx.schema.properties.appeals.description, "Leave this page blank if the customer has not appealed."),
        renderList(ctx, ["appeals"], {
          noun: "appeal",
          itemFields: [
            { key: "against", opts: { kind: "choice", choices: APPEALED, reveal: ["against_on"], revealWhen: (value) => value === "review" || value === "protective_action" } },
            "received_on",
            { key: "channel", opts: { kind: "choice", choices: choices.appealChannel } },
            { key: "grounds", opts: { kind: "textarea" } },
            "considered_by",
            { key: "considered_by_role", opts: { kind: "choice", choices: appealRoles(app.policy) } },
            "outcome", "decided_on", { key: "reasons", opts: { kind: "textarea" } },
            (_ctx, itemPath) => h("h3", { class: "ucb-heading-s" }, `${item.restrictions.title} (appeal ${itemPath[1] + 1})`),
            { key: "restrictions", list: restrictionList(app, () => intro(item.restrictions.description)) },
            "letter_sent_on",
          ],
        }),
      ];
    },
  },
};

export { policyChoices, roleTitle, appealRoles, APPEALED };

/** Whether a question page has anything recorded (for the check page). */
export function hasAnswers(caseRecord, stepId) {
  return (STEP_PATHS[stepId] || []).some((path) => getAt(caseRecord, path) !== undefined);
}
