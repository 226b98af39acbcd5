package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sashabaranov/go-openai/jsonschema"
)

// Key point statuses the model may give.
const (
	statusCovered = "covered"
	statusPartial = "partial"
	statusMissing = "missing"
)

// verdict is the JSON the model is asked for. Its shape is also the JSON
// schema sent in strict mode, so the field tags are the contract.
type verdict struct {
	KeyPoints      []pointVerdict `json:"key_points" description:"one entry per rubric key point id"`
	Misconceptions []misVerdict   `json:"misconceptions" description:"misconceptions the answer states"`
	Strengths      []string       `json:"strengths"`
	Gaps           []string       `json:"gaps"`
	Suggestions    []string       `json:"suggestions"`
	Score          int            `json:"score" description:"overall 0-100"`
}

type pointVerdict struct {
	ID       string `json:"id"`
	Status   string `json:"status" enum:"covered,partial,missing"`
	Evidence string `json:"evidence" description:"exact quote from the answer, empty when missing"`
}

type misVerdict struct {
	ID       string `json:"id"`
	Evidence string `json:"evidence" description:"exact quote from the answer"`
}

// verdictSchema is the JSON schema of verdict, generated once per judge.
func verdictSchema() (*jsonschema.Definition, error) {
	s, err := jsonschema.GenerateSchemaForType(verdict{})
	if err != nil {
		return nil, fmt.Errorf("verdict schema: %w", err)
	}
	return s, nil
}

// errMalformed marks a reply that is not a valid verdict: worth a retry, as
// models rarely repeat the same mistake.
var errMalformed = errors.New("malformed verdict")

// parseVerdict decodes a reply strictly: one JSON object, no unknown fields.
// It tolerates what models add around JSON when no schema is enforced: a
// leading <think> block and a ```json fence.
func parseVerdict(content string) (*verdict, error) {
	s := strings.TrimSpace(content)
	if i := strings.Index(s, "</think>"); strings.HasPrefix(s, "<think>") && i >= 0 {
		s = strings.TrimSpace(s[i+len("</think>"):])
	}
	if strings.HasPrefix(s, "```") {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "```json"), "```")
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "```"))
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	var v verdict
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: text after the JSON object", errMalformed)
	}
	return &v, nil
}

// validate checks a verdict against the rubric it was asked about: only the
// rubric's ids, each at most once, known statuses, a score in range. A
// verdict that fails is rejected whole: a model that invents ids has not
// read the rubric.
func (v *verdict) validate(points, miscons []string) error {
	if v.Score < 0 || v.Score > 100 {
		return fmt.Errorf("%w: score %d out of 0-100", errMalformed, v.Score)
	}
	seen := map[string]bool{}
	for _, p := range v.KeyPoints {
		switch {
		case !slices.Contains(points, p.ID):
			return fmt.Errorf("%w: unknown key point %q", errMalformed, clip(p.ID, 40))
		case seen[p.ID]:
			return fmt.Errorf("%w: key point %q given twice", errMalformed, p.ID)
		case p.Status != statusCovered && p.Status != statusPartial && p.Status != statusMissing:
			return fmt.Errorf("%w: key point %q has status %q", errMalformed, p.ID, clip(p.Status, 20))
		}
		seen[p.ID] = true
	}
	for _, m := range v.Misconceptions {
		if !slices.Contains(miscons, m.ID) {
			return fmt.Errorf("%w: unknown misconception %q", errMalformed, clip(m.ID, 40))
		}
	}
	return nil
}

// clip shortens model-written text quoted in errors and logs.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// schemaFor narrows the verdict schema to one rubric: key point and
// misconception ids become enums, so a model under strict decoding cannot
// invent one. The shared schema is not modified.
func schemaFor(base *jsonschema.Definition, points, miscons []string) *jsonschema.Definition {
	s := *base
	s.Defs = maps.Clone(base.Defs)
	for name, ids := range map[string][]string{"pointVerdict": points, "misVerdict": miscons} {
		def, ok := s.Defs[name]
		if !ok || len(ids) == 0 {
			continue
		}
		def.Properties = maps.Clone(def.Properties)
		id := def.Properties["id"]
		id.Enum = slices.Clone(ids)
		def.Properties["id"] = id
		s.Defs[name] = def
	}
	return &s
}
