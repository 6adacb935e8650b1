#!/usr/bin/env bash
# The README's walkthrough, runnable: against `npm start` (another terminal), with curl and jq.
# A city's staff create a draft from the fixture text, send it to two contact points; a liaison
# submits feedback on articles and uploads a PDF; staff answer; the liaison sees the answer;
# figures and the CSV export show it.   Usage: bash docs/walkthrough.sh [path/to/draft.txt] [file.pdf]
set -euo pipefail
cd "$(dirname "$0")/.."
API="http://localhost:${PORT:-4000}/graphql"
TEXT_FILE="${1:-../shared/fixtures/drafts/eldercare-v1.txt}"
PDF_FILE="${2:-test/fixtures/files/minutes.pdf}"

token() { npm run -s token -- "$@"; }
# gql TOKEN QUERY [VARIABLES-JSON]: prints .data, fails on errors.
gql() {
  local body answer
  body=$(jq -n --arg q "$2" --argjson v "${3:-{\}}" '{query: $q, variables: $v}')
  answer=$(curl -sS "$API" -H 'content-type: application/json' -H "authorization: Bearer $1" --data "$body")
  if [ "$(jq '.errors != null' <<<"$answer")" = true ]; then echo "GraphQL errors: $answer" >&2; exit 1; fi
  jq '.data' <<<"$answer"
}

STAFF=$(token --tenant lvliang --role LEGISLATIVE_STAFF --sub staff-demo)
CPS=$(gql "$STAFF" '{ contactPoints(first: 2, filter: { active: true }) { edges { node { id name } } } }')
CP1=$(jq -r '.contactPoints.edges[0].node.id' <<<"$CPS"); CP2=$(jq -r '.contactPoints.edges[1].node.id' <<<"$CPS")
echo "1. contact points: $(jq -r '[.contactPoints.edges[].node.name] | join(", ")' <<<"$CPS")"

DRAFT=$(gql "$STAFF" 'mutation { createDraft(input: { title: "吕梁市城乡养老服务促进条例", kind: REGULATION, sponsor: "市人民政府" }) { draft { id revision } } }' | jq '.createDraft.draft')
DRAFT_ID=$(jq -r .id <<<"$DRAFT")
V1=$(gql "$STAFF" 'mutation($d: ID!, $t: String!) { addDraftVersion(input: { draftId: $d, label: "一审稿", text: $t, expectedRevision: 1 }) { version { id articleCount } draft { revision } } }' \
  "$(jq -n --arg d "$DRAFT_ID" --rawfile t "$TEXT_FILE" '{d: $d, t: $t}')" | jq '.addDraftVersion')
VERSION_ID=$(jq -r .version.id <<<"$V1")
echo "2. draft $DRAFT_ID with version 一审稿 of $(jq .version.articleCount <<<"$V1") articles"

REV=$(jq .draft.revision <<<"$V1")
for TO in DRAFTING SOLICITING_OPINIONS; do
  REV=$(gql "$STAFF" 'mutation($id: ID!, $to: DraftStatus!, $r: Int!) { transitionDraft(input: { id: $id, to: $to, expectedRevision: $r }) { draft { revision status } } }' \
    "$(jq -n --arg id "$DRAFT_ID" --arg to "$TO" --argjson r "$REV" '{id: $id, to: $to, r: $r}')" | jq '.transitionDraft.draft.revision')
done
echo "3. draft moved to SOLICITING_OPINIONS"

CLOSES=$(date -u -d '+14 days' +%Y-%m-%dT%H:%M:%SZ)
CONSULTATION_ID=$(gql "$STAFF" 'mutation($d: ID!, $v: ID!, $cps: [ID!]!, $from: DateTime!, $to: DateTime!) { openConsultation(input: { draftId: $d, versionId: $v, kind: DRAFT_COMMENT, contactPointIds: $cps, opensAt: $from, closesAt: $to, instructions: "请逐条提出意见" }) { consultation { id } } }' \
  "$(jq -n --arg d "$DRAFT_ID" --arg v "$VERSION_ID" --arg a "$CP1" --arg b "$CP2" --arg from "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg to "$CLOSES" '{d: $d, v: $v, cps: [$a, $b], from: $from, to: $to}')" \
  | jq -r '.openConsultation.consultation.id')
echo "4. consultation $CONSULTATION_ID open until $CLOSES"

LIAISON=$(token --tenant lvliang --role CONTACT_POINT_LIAISON --contact-point "$CP1" --sub liaison-demo)
echo "5. the liaison sees: $(gql "$LIAISON" '{ myConsultations { edges { node { id status draft { title } } } } }' | jq -c '.myConsultations.edges[].node')"
FEEDBACK=$(gql "$LIAISON" 'mutation($c: ID!, $on: Date!) { submitFeedback(input: { consultationId: $c, articleNumbers: [14], content: "建议将高龄独居老年人纳入优先保障范围。", collectionMethod: MEETING, participantCount: 23, collectedOn: $on, idempotencyKey: "demo-feedback-1" }) { feedback { id revision status } } }' \
  "$(jq -n --arg c "$CONSULTATION_ID" --arg on "$(TZ=Asia/Shanghai date +%F)" '{c: $c, on: $on}')" | jq '.submitFeedback.feedback')
FEEDBACK_ID=$(jq -r .id <<<"$FEEDBACK")
echo "6. feedback $FEEDBACK_ID on article 14: $(jq -r .status <<<"$FEEDBACK")"

SIZE=$(stat -c %s "$PDF_FILE")
UPLOAD=$(gql "$LIAISON" 'mutation($f: ID!, $size: Int!) { requestAttachmentUpload(input: { feedbackId: $f, fileName: "座谈会纪要.pdf", contentType: "application/pdf", size: $size }) { attachment { id status } upload { url fields { name value } } } }' \
  "$(jq -n --arg f "$FEEDBACK_ID" --argjson size "$SIZE" '{f: $f, size: $size}')" | jq '.requestAttachmentUpload')
# The presigned POST: every field as a form field, the file last.
FORM=(); while IFS=$'\t' read -r name value; do FORM+=(-F "$name=$value"); done < <(jq -r '.upload.fields[] | [.name, .value] | @tsv' <<<"$UPLOAD")
curl -sS -o /dev/null -w "7. upload to S3: HTTP %{http_code}\n" "${FORM[@]}" -F "file=@$PDF_FILE" "$(jq -r .upload.url <<<"$UPLOAD")"
sleep 1
echo "8. the attachment: $(gql "$LIAISON" 'query($id: ID!) { feedback(id: $id) { attachments { fileName status sha256 } } }' "$(jq -n --arg id "$FEEDBACK_ID" '{id: $id}')" | jq -c '.feedback.attachments[0]')"

gql "$STAFF" 'mutation($id: ID!) { startReview(input: { id: $id, expectedRevision: 1 }) { feedback { status } } }' "$(jq -n --arg id "$FEEDBACK_ID" '{id: $id}')" >/dev/null
gql "$STAFF" 'mutation($id: ID!) { answerFeedback(input: { id: $id, decision: PARTLY_ADOPTED, reply: "已在第十四条增加“高龄独居”表述。", expectedRevision: 2 }) { feedback { status } } }' "$(jq -n --arg id "$FEEDBACK_ID" '{id: $id}')" >/dev/null
echo "9. the liaison sees the answer: $(gql "$LIAISON" 'query($id: ID!) { feedback(id: $id) { status disposition { decision reply } } }' "$(jq -n --arg id "$FEEDBACK_ID" '{id: $id}')" | jq -c '.feedback')"
echo "10. figures: $(gql "$STAFF" 'query($id: ID!) { consultation(id: $id) { stats { feedbackCount participantCount adoptionRate byArticle { articleNumber count } } assignments { status } } }' "$(jq -n --arg id "$CONSULTATION_ID" '{id: $id}')" | jq -c '.consultation')"
EXPORT=$(gql "$STAFF" 'query($id: ID!) { exportFeedback(consultationId: $id) { url fileName rowCount } }' "$(jq -n --arg id "$CONSULTATION_ID" '{id: $id}')")
echo "11. CSV export $(jq -r .exportFeedback.fileName <<<"$EXPORT") ($(jq .exportFeedback.rowCount <<<"$EXPORT") rows):"
curl -sS "$(jq -r .exportFeedback.url <<<"$EXPORT")" | head -3
