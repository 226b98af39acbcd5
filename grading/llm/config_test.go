package llm

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr bool
	}{
		{"nothing set is off", map[string]string{}, Config{}, false},
		{"openai", map[string]string{EnvModel: "gpt-4o-mini", EnvAPIKey: "sk-x", EnvTimeout: "20s"},
			Config{Model: "gpt-4o-mini", APIKey: "sk-x", Timeout: 20 * time.Second}, false},
		{"ollama", map[string]string{EnvBaseURL: "http://localhost:11434/v1", EnvModel: "qwen2.5:7b", EnvJSONMode: "json_object", EnvMaxTokens: "800"},
			Config{BaseURL: "http://localhost:11434/v1", Model: "qwen2.5:7b", JSONMode: JSONObject, MaxTokens: 800}, false},
		{"azure", map[string]string{EnvBaseURL: "https://r.openai.azure.com", EnvModel: "gpt-4o", EnvAzureAPIVersion: "2024-10-21", EnvAzureDeployment: "grader"},
			Config{BaseURL: "https://r.openai.azure.com", Model: "gpt-4o", AzureAPIVersion: "2024-10-21", AzureDeployment: "grader"}, false},
		{"key without model", map[string]string{EnvAPIKey: "sk-x"}, Config{}, true},
		{"bad timeout", map[string]string{EnvModel: "m", EnvTimeout: "soon"}, Config{}, true},
		{"negative number", map[string]string{EnvModel: "m", EnvMaxRetries: "-1"}, Config{}, true},
		{"not a url", map[string]string{EnvModel: "m", EnvBaseURL: "localhost:11434"}, Config{}, true},
		{"credentials in url", map[string]string{EnvModel: "m", EnvBaseURL: "https://user:pw@example.com/v1"}, Config{}, true},
		{"half azure", map[string]string{EnvModel: "m", EnvBaseURL: "https://r.openai.azure.com", EnvAzureDeployment: "d"}, Config{}, true},
		{"bad json mode", map[string]string{EnvModel: "m", EnvJSONMode: "yaml"}, Config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %t", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNewOffUnlessConfigured(t *testing.T) {
	g, err := New(Config{}, Scorer(t), nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if g != Scorer(t) {
		t.Errorf("New with no model returned %T, want the fallback itself", g)
	}
	if _, err := New(Config{Model: "m"}, nil, nil); err == nil {
		t.Errorf("New without a fallback: got nil error")
	}
}

// TestSecretNeverPrinted formats a Config every way a program might.
func TestSecretNeverPrinted(t *testing.T) {
	cfg := Config{BaseURL: "https://api.example.com/v1", Model: "m", APIKey: testKey}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "cfg", cfg, "key", cfg.APIKey)
	js, _ := json.Marshal(cfg)
	outs := []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", cfg.APIKey),
		fmt.Sprintf("%s", cfg.APIKey), fmt.Sprintf("%#v", cfg.APIKey), string(js), logged.String(), cfg.String()}
	for i, out := range outs {
		if strings.Contains(out, testKey) || strings.Contains(out, "SECRET") {
			t.Errorf("output %d shows the key: %s", i, out)
		}
	}
}

func TestRedactor(t *testing.T) {
	r := redactor{key: testKey}
	for _, in := range []string{
		"bad key " + testKey,
		"Incorrect API key provided: sk-test-***********defXYZ",
		"echo of a part: ...SECRET-0123456789...",
		"Authorization: Bearer " + testKey,
		"another key sk-proj-abcdefghijklmnop",
	} {
		got := r.text(in)
		if strings.Contains(got, "SECRET-01") || strings.Contains(got, "abcdefghijklmnop") || strings.Contains(got, "defXYZ") {
			t.Errorf("redact(%q) = %q still shows key material", in, got)
		}
	}
	if got := r.text("plain error"); got != "plain error" {
		t.Errorf("redact changed a harmless message: %q", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"7", 7 * time.Second}, {"-3", 0}, {"soon", 0},
		{"Wed, 25 Nov 2026 06:00:30 GMT", 30 * time.Second},
		{"Wed, 25 Nov 2026 05:59:00 GMT", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	for n := 1; n <= 8; n++ {
		d := backoff(n, 0)
		lo := time.Duration(float64(500*time.Millisecond<<min(n-1, 4)) * 0.75)
		if d < lo || d > 8*time.Second*5/4 {
			t.Errorf("backoff(%d) = %v, want within [%v, 10s]", n, d, lo)
		}
	}
	if got := backoff(1, 9*time.Second); got != 9*time.Second {
		t.Errorf("backoff with Retry-After 9s = %v, want 9s", got)
	}
}
