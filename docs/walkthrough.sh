#!/usr/bin/env bash
# The README's walkthrough, runnable: against `npm start` (another terminal), with curl and jq.
# A city's staff create a draft from the fixture text, send it to two contact points; a liaison
# submits feedback on articles and uploads a PDF; staff answer; the liaison sees the answer;
# figures and the CSV export show it.   Usage: bash docs/walkthrough.sh [path/to/draft.txt] [file.pdf]
#
# Re-runnable against persistent data: every run creates its own draft, consultation and feedback,
# with idempotency keys unique to the run. The first failed step (an HTTP error, a GraphQL error, a
# failed upload or check) stops the script with a message naming the step, and exit code 1.
set -euo pipefail
cd "$(dirname "$0")/.."
API="http://localhost:${PORT:-4000}/graphql"
TEXT_FILE="${1:-test/fixtures/drafts/eldercare-v1.txt}"
PDF_FILE="${2:-test/fixtures/files/minutes.pdf}"
RUN="walkthrough-$(date -u +%Y%m%dT%H%M%S)-$$"
STEP="start"

fail() { echo "walkthrough: step '$STEP' failed: $*" >&2; exit 1; }
# Anything else that fails (a token, jq, a missing file) names the step too.
trap 'echo "walkthrough: stopped in step '"'"'$STEP'"'"' at line $LINENO of docs/walkthrough.sh" >&2' ERR

for tool in curl jq; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
for file in "$TEXT_FILE" "$PDF_FILE"; do [ -r "$file" ] || fail "cannot read $file"; done

token() { npm run -s token -- "$@"; }

# gql TOKEN QUERY [VARIABLES-JSON]: prints .data; any HTTP or GraphQL error ends the script.
# Always assign its output (X=$(gql ...)): a failure inside $(...) in an echo would not stop bash.
gql() {
  local body response status answer
  body=$(jq -n --arg q "$2" --argjson v "${3:-{\}}" '{query: $q, variables: $v}')
  response=$(curl -sS "$API" -H 'content-type: application/json' -H "authorization: Bearer $1" --data "$body" -w '\n%{http_code}') \
    || fail "cannot reach $API (is npm start running? PORT=${PORT:-4000})"
  status=${response##*$'\n'}
  answer=${response%$'\n'*}
  [ "$status" = 200 ] || fail "HTTP $status from $API: $answer"
  jq -e . >/dev/null 2>&1 <<<"$answer" || fail "not JSON: $answer"
  if [ "$(jq '.errors != null' <<<"$answer")" = true ]; then fail "GraphQL errors: $(jq -c .errors <<<"$answer")"; fi
  jq '.data' <<<"$answer"
}

STEP="1. contact points"
STAFF=$(token --tenant lvliang --role LEGISLATIVE_STAFF --sub staff-demo)
CPS=$(gql "$STAFF" '{ contactPoints(first: 2, filter: { active: true }) { edges { node { id name } } } }')
[ "$(jq '.contactPoints.edges | length' <<<"$CPS")" = 2 ] || fail "lvliang needs two active contact points (npm start seeds them)"
CP1=$(jq -r '.contactPoints.edges[0].node.id' <<<"$CPS"); CP2=$(jq -r '.contactPoints.edges[1].node.id' <<<"$CPS")
echo "$STEP: $(jq -r '[.contactPoints.edges[].node.name] | join(", ")' <<<"$CPS")"

STEP="2. draft and 一审稿"
DRAFT=$(gql "$STAFF" 'mutation($key: String!) { createDraft(input: { title: "吕梁市城乡养老服务促进条例", kind: REGULATION, sponsor: "市人民政府", idempotencyKey: $key }) { draft { id revision } } }' \
  "$(jq -n --arg key "$RUN-draft" '{key: $key}')")
DRAFT_ID=$(jq -r .createDraft.draft.id <<<"$DRAFT")
V1=$(gql "$STAFF" 'mutation($d: ID!, $t: String!, $r: Int!) { addDraftVersion(input: { draftId: $d, label: "一审稿", text: $t, expectedRevision: $r }) { version { id articleCount } draft { revision } } }' \
  "$(jq -n --arg d "$DRAFT_ID" --rawfile t "$TEXT_FILE" --argjson r "$(jq .createDraft.draft.revision <<<"$DRAFT")" '{d: $d, t: $t, r: $r}')")
VERSION_ID=$(jq -r .addDraftVersion.version.id <<<"$V1")
echo "$STEP: draft $DRAFT_ID with version 一审稿 of $(jq .addDraftVersion.version.articleCount <<<"$V1") articles"

STEP="3. workflow"
REV=$(jq .addDraftVersion.draft.revision <<<"$V1")
for TO in DRAFTING SOLICITING_OPINIONS; do
  MOVED=$(gql "$STAFF" 'mutation($id: ID!, $to: DraftStatus!, $r: Int!) { transitionDraft(input: { id: $id, to: $to, expectedRevision: $r }) { draft { revision status } } }' \
    "$(jq -n --arg id "$DRAFT_ID" --arg to "$TO" --argjson r "$REV" '{id: $id, to: $to, r: $r}')")
  REV=$(jq .transitionDraft.draft.revision <<<"$MOVED")
done
echo "$STEP: draft moved to $(jq -r .transitionDraft.draft.status <<<"$MOVED")"

STEP="4. consultation"
CLOSES=$(date -u -d '+14 days' +%Y-%m-%dT%H:%M:%SZ)
OPENED=$(gql "$STAFF" 'mutation($d: ID!, $v: ID!, $cps: [ID!]!, $from: DateTime!, $to: DateTime!, $key: String!) { openConsultation(input: { draftId: $d, versionId: $v, kind: DRAFT_COMMENT, contactPointIds: $cps, opensAt: $from, closesAt: $to, instructions: "请逐条提出意见", idempotencyKey: $key }) { consultation { id } } }' \
  "$(jq -n --arg d "$DRAFT_ID" --arg v "$VERSION_ID" --arg a "$CP1" --arg b "$CP2" --arg from "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg to "$CLOSES" --arg key "$RUN-consultation" '{d: $d, v: $v, cps: [$a, $b], from: $from, to: $to, key: $key}')")
CONSULTATION_ID=$(jq -r .openConsultation.consultation.id <<<"$OPENED")
echo "$STEP: consultation $CONSULTATION_ID open until $CLOSES"

STEP="5. the liaison's consultations"
LIAISON=$(token --tenant lvliang --role CONTACT_POINT_LIAISON --contact-point "$CP1" --sub liaison-demo)
MINE=$(gql "$LIAISON" 'query($id: ID!) { consultation(id: $id) { id status draft { title } } myConsultations(filter: { status: OPEN }) { totalCount } }' "$(jq -n --arg id "$CONSULTATION_ID" '{id: $id}')")
echo "$STEP: $(jq -c .consultation <<<"$MINE"), one of $(jq .myConsultations.totalCount <<<"$MINE") open for this contact point"

STEP="6. feedback"
FEEDBACK=$(gql "$LIAISON" 'mutation($c: ID!, $on: Date!, $key: String!) { submitFeedback(input: { consultationId: $c, articleNumbers: [14], content: "建议将高龄独居老年人纳入优先保障范围。", collectionMethod: MEETING, participantCount: 23, collectedOn: $on, idempotencyKey: $key }) { feedback { id revision status } } }' \
  "$(jq -n --arg c "$CONSULTATION_ID" --arg on "$(TZ=Asia/Shanghai date +%F)" --arg key "$RUN-feedback" '{c: $c, on: $on, key: $key}')")
FEEDBACK_ID=$(jq -r .submitFeedback.feedback.id <<<"$FEEDBACK")
echo "$STEP: feedback $FEEDBACK_ID on article 14: $(jq -r .submitFeedback.feedback.status <<<"$FEEDBACK")"

STEP="7. upload"
SIZE=$(stat -c %s "$PDF_FILE")
UPLOAD=$(gql "$LIAISON" 'mutation($f: ID!, $size: Int!) { requestAttachmentUpload(input: { feedbackId: $f, fileName: "座谈会纪要.pdf", contentType: "application/pdf", size: $size }) { attachment { id status } upload { url fields { name value } } } }' \
  "$(jq -n --arg f "$FEEDBACK_ID" --argjson size "$SIZE" '{f: $f, size: $size}')")
# The presigned POST: every field as a form field, the file last.
FORM=(); while IFS=$'\t' read -r name value; do FORM+=(-F "$name=$value"); done < <(jq -r '.requestAttachmentUpload.upload.fields[] | [.name, .value] | @tsv' <<<"$UPLOAD")
UPLOADED=$(curl -sS -o /dev/null -w '%{http_code}' "${FORM[@]}" -F "file=@$PDF_FILE" "$(jq -r .requestAttachmentUpload.upload.url <<<"$UPLOAD")") \
  || fail "cannot reach the S3 emulator"
[[ "$UPLOADED" == 2?? ]] || fail "the S3 emulator answered HTTP $UPLOADED"
echo "$STEP: upload to S3: HTTP $UPLOADED"

STEP="8. the attachment checked"
# The emulator's object event reaches the ingest handler a moment after the upload.
for _ in $(seq 1 50); do
  ATTACHMENT=$(gql "$LIAISON" 'query($id: ID!) { feedback(id: $id) { attachments { fileName status sha256 } } }' "$(jq -n --arg id "$FEEDBACK_ID" '{id: $id}')")
  [ "$(jq -r '.feedback.attachments[0].status' <<<"$ATTACHMENT")" = PENDING_UPLOAD ] || break
  sleep 0.2
done
[ "$(jq -r '.feedback.attachments[0].status' <<<"$ATTACHMENT")" = AVAILABLE ] || fail "the attachment is not AVAILABLE: $(jq -c . <<<"$ATTACHMENT")"
echo "$STEP: $(jq -c '.feedback.attachments[0]' <<<"$ATTACHMENT")"

STEP="9. review and answer"
REVIEWED=$(gql "$STAFF" 'mutation($id: ID!, $r: Int!) { startReview(input: { id: $id, expectedRevision: $r }) { feedback { status revision } } }' \
  "$(jq -n --arg id "$FEEDBACK_ID" --argjson r "$(jq .submitFeedback.feedback.revision <<<"$FEEDBACK")" '{id: $id, r: $r}')")
ANSWERED=$(gql "$STAFF" 'mutation($id: ID!, $r: Int!) { answerFeedback(input: { id: $id, decision: PARTLY_ADOPTED, reply: "已在第十四条增加“高龄独居”表述。", expectedRevision: $r }) { feedback { status } } }' \
  "$(jq -n --arg id "$FEEDBACK_ID" --argjson r "$(jq .startReview.feedback.revision <<<"$REVIEWED")" '{id: $id, r: $r}')")
SEEN=$(gql "$LIAISON" 'query($id: ID!) { feedback(id: $id) { status disposition { decision reply } } }' "$(jq -n --arg id "$FEEDBACK_ID" '{id: $id}')")
echo "$STEP: $(jq -r .answerFeedback.feedback.status <<<"$ANSWERED"); the liaison sees $(jq -c .feedback <<<"$SEEN")"

STEP="10. figures"
FIGURES=$(gql "$STAFF" 'query($id: ID!) { consultation(id: $id) { stats { feedbackCount participantCount adoptionRate byArticle { articleNumber count } } assignments { status } } }' "$(jq -n --arg id "$CONSULTATION_ID" '{id: $id}')")
[ "$(jq .consultation.stats.feedbackCount <<<"$FIGURES")" = 1 ] || fail "expected one feedback in the figures: $(jq -c . <<<"$FIGURES")"
echo "$STEP: $(jq -c .consultation <<<"$FIGURES")"

STEP="11. CSV export"
EXPORT=$(gql "$STAFF" 'query($id: ID!) { exportFeedback(consultationId: $id) { url fileName rowCount } }' "$(jq -n --arg id "$CONSULTATION_ID" '{id: $id}')")
CSV=$(curl -fsS "$(jq -r .exportFeedback.url <<<"$EXPORT")") || fail "could not download the export"
echo "$STEP: $(jq -r .exportFeedback.fileName <<<"$EXPORT") ($(jq .exportFeedback.rowCount <<<"$EXPORT") rows):"
head -3 <<<"$CSV"
echo "walkthrough: all steps passed"
