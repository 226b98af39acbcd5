package llm

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// JSON modes: how the judge asks for structured output. Providers differ:
// OpenAI, Azure, vLLM and recent Ollama take a strict JSON schema; DeepSeek
// and some Qwen models take only "a JSON object"; a few take neither. The
// reply is validated the same way in every mode.
const (
	JSONSchema = "json_schema"
	JSONObject = "json_object"
	JSONNone   = "none"
)

// DefaultBaseURL is OpenAI's endpoint, used when only a model is configured.
const DefaultBaseURL = "https://api.openai.com/v1"

// Config configures the judge. The zero Config is valid and disabled: the
// judge is off unless a model is named.
type Config struct {
	BaseURL   string        // including /v1 (Azure: https://<resource>.openai.azure.com)
	Model     string        // e.g. "gpt-4o-mini", "deepseek-chat", "qwen-plus", "qwen2.5:7b"
	APIKey    Secret        // empty for local servers
	Timeout   time.Duration // per attempt
	MaxTokens int           // of the reply
	JSONMode  string        // JSONSchema (default), JSONObject or JSONNone

	// Azure OpenAI: set both to talk to a deployment.
	AzureAPIVersion string // e.g. "2024-10-21"
	AzureDeployment string

	MaxRetries    int           // retries after the first attempt
	MaxRetryAfter time.Duration // a longer Retry-After gives up at once
	Concurrency   int           // LLM calls in flight, all members
	PerMember     int           // LLM calls in flight for one member
	CacheSize     int           // grades remembered by (question, rubric, answer)
	DisagreeAt    int           // score gap between judge and rubric that is flagged
}

// Defaults for the fields left zero.
const (
	defaultTimeout       = 30 * time.Second
	defaultMaxTokens     = 1500
	defaultMaxRetries    = 2
	defaultMaxRetryAfter = 30 * time.Second
	defaultConcurrency   = 4
	defaultPerMember     = 1
	defaultCacheSize     = 2048
	defaultDisagreeAt    = 40
)

// Enabled reports whether the judge is configured at all.
func (c Config) Enabled() bool { return c.Model != "" }

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	set := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	if c.BaseURL == "" && c.AzureDeployment == "" {
		c.BaseURL = DefaultBaseURL
	}
	if c.Timeout == 0 {
		c.Timeout = defaultTimeout
	}
	if c.MaxRetryAfter == 0 {
		c.MaxRetryAfter = defaultMaxRetryAfter
	}
	if c.JSONMode == "" {
		c.JSONMode = JSONSchema
	}
	set(&c.MaxTokens, defaultMaxTokens)
	set(&c.MaxRetries, defaultMaxRetries)
	set(&c.Concurrency, defaultConcurrency)
	set(&c.PerMember, defaultPerMember)
	set(&c.CacheSize, defaultCacheSize)
	set(&c.DisagreeAt, defaultDisagreeAt)
	return c
}

// Validate reports the first setting that cannot work, in words an operator
// understands. It never mentions the key's value.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	c = c.withDefaults()
	u, err := url.Parse(c.BaseURL)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		return bot.Errorf(bot.EINVALID, "LLM base URL %q is not an http(s) URL.", redactor{c.APIKey.reveal()}.text(c.BaseURL))
	case u.User != nil:
		return bot.Errorf(bot.EINVALID, "LLM base URL must not carry credentials: set the API key instead.")
	case (c.AzureAPIVersion == "") != (c.AzureDeployment == ""):
		return bot.Errorf(bot.EINVALID, "Azure OpenAI needs both an API version and a deployment.")
	case c.JSONMode != JSONSchema && c.JSONMode != JSONObject && c.JSONMode != JSONNone:
		return bot.Errorf(bot.EINVALID, "LLM JSON mode %q: use %s, %s or %s.", c.JSONMode, JSONSchema, JSONObject, JSONNone)
	case c.Timeout < 0 || c.MaxTokens < 0 || c.MaxRetries < 0 || c.MaxRetryAfter < 0 ||
		c.Concurrency < 0 || c.PerMember < 0 || c.CacheSize < 0 || c.DisagreeAt < 0:
		return bot.Errorf(bot.EINVALID, "LLM limits must not be negative.")
	case c.MaxRetries > 10:
		return bot.Errorf(bot.EINVALID, "LLM retries %d: at most 10.", c.MaxRetries)
	}
	return nil
}

// Environment variables read by ConfigFromEnv.
const (
	EnvBaseURL         = "INTERVIEWBOT_LLM_BASE_URL"
	EnvModel           = "INTERVIEWBOT_LLM_MODEL"
	EnvAPIKey          = "INTERVIEWBOT_LLM_API_KEY"
	EnvTimeout         = "INTERVIEWBOT_LLM_TIMEOUT"
	EnvMaxTokens       = "INTERVIEWBOT_LLM_MAX_TOKENS"
	EnvJSONMode        = "INTERVIEWBOT_LLM_JSON_MODE"
	EnvAzureAPIVersion = "INTERVIEWBOT_LLM_AZURE_API_VERSION"
	EnvAzureDeployment = "INTERVIEWBOT_LLM_AZURE_DEPLOYMENT"
	EnvMaxRetries      = "INTERVIEWBOT_LLM_MAX_RETRIES"
	EnvConcurrency     = "INTERVIEWBOT_LLM_CONCURRENCY"
	EnvPerMember       = "INTERVIEWBOT_LLM_PER_MEMBER"
	EnvCacheSize       = "INTERVIEWBOT_LLM_CACHE_SIZE"
	EnvDisagreeAt      = "INTERVIEWBOT_LLM_DISAGREE_AT"
)

// ConfigFromEnv reads the judge's configuration through getenv (os.Getenv
// in main, a map in tests). With no INTERVIEWBOT_LLM_* variable set it
// returns a disabled Config; a half-configured judge is an error rather than
// silently off.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		BaseURL:         strings.TrimSpace(getenv(EnvBaseURL)),
		Model:           strings.TrimSpace(getenv(EnvModel)),
		APIKey:          Secret(strings.TrimSpace(getenv(EnvAPIKey))),
		JSONMode:        strings.TrimSpace(getenv(EnvJSONMode)),
		AzureAPIVersion: strings.TrimSpace(getenv(EnvAzureAPIVersion)),
		AzureDeployment: strings.TrimSpace(getenv(EnvAzureDeployment)),
	}
	if c.Model == "" {
		for _, name := range []string{EnvBaseURL, EnvAPIKey, EnvAzureDeployment} {
			if getenv(name) != "" {
				return Config{}, bot.Errorf(bot.EINVALID, "%s is set but %s is not: name the model to enable the LLM judge.", name, EnvModel)
			}
		}
		return Config{}, nil
	}
	if v := getenv(EnvTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return Config{}, bot.Errorf(bot.EINVALID, "%s=%q: want a duration such as 30s.", EnvTimeout, v)
		}
		c.Timeout = d
	}
	ints := []struct {
		name string
		dst  *int
	}{
		{EnvMaxTokens, &c.MaxTokens}, {EnvMaxRetries, &c.MaxRetries}, {EnvConcurrency, &c.Concurrency},
		{EnvPerMember, &c.PerMember}, {EnvCacheSize, &c.CacheSize}, {EnvDisagreeAt, &c.DisagreeAt},
	}
	for _, f := range ints {
		v := getenv(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return Config{}, bot.Errorf(bot.EINVALID, "%s=%q: want a whole number.", f.name, v)
		}
		*f.dst = n
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// String describes the configuration for logs, without the key.
func (c Config) String() string {
	return fmt.Sprintf("llm{base_url=%s model=%s key=%s timeout=%s azure=%t json=%s}",
		redactor{c.APIKey.reveal()}.text(c.BaseURL), c.Model, c.APIKey, c.Timeout, c.AzureDeployment != "", c.JSONMode)
}
