package wecom

import (
	"strings"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		EnvCorpID: testCorpID, EnvAgentID: testAgentID, EnvSecret: testSecret, EnvToken: testToken, EnvAESKey: testAESKey,
		EnvBotToken: testBotToken, EnvBotAESKey: testBotAESKey,
		EnvGroupWebhooks: "chatA=keyA, chatB=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=keyB",
		EnvTimezone:      "Asia/Shanghai", EnvLang: "en",
	}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("ConfigFromEnv: %v", err)
	}
	if c.GroupWebhooks["chatA"] != "keyA" || c.GroupWebhooks["chatB"] != "keyB" {
		t.Errorf("GroupWebhooks = %v, want chatA=keyA, chatB=keyB (key taken from the URL)", c.GroupWebhooks)
	}
	if c.Lang != "en" || c.CorpID != testCorpID {
		t.Errorf("Lang, CorpID = %q, %q", c.Lang, c.CorpID)
	}
}

func TestConfigValidate(t *testing.T) {
	good := testConfig("")
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"complete", func(*Config) {}, ""},
		{"no secret", func(c *Config) { c.Secret = "" }, "WECOM_SECRET is required"},
		{"short AES key", func(c *Config) { c.AESKey = "tooshort-secret-value" }, "43-character"},
		{"agent id not a number", func(c *Config) { c.AgentID = "abc" }, "numeric AgentId"},
		{"robot token without key", func(c *Config) { c.BotAESKey = "" }, "both"},
		{"bad zone", func(c *Config) { c.Timezone = "Mars/Olympus" }, "IANA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.change(&c)
			err := c.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error about %q", err, tc.want)
			}
			for _, secret := range []string{c.Secret, c.AESKey, c.Token, c.BotToken} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("the error echoes a secret: %v", err)
				}
			}
		})
	}
}
