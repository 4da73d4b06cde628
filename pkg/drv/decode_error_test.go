package drv

import (
	"strings"
	"testing"
)

// TestDecodeNamesFieldsInTheFormatsTerms: a value of the wrong JSON kind is
// reported by its field in the lock format, not by Go's struct names.
func TestDecodeNamesFieldsInTheFormatsTerms(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"schema": 1, "packages": ["a"]}`, "lock.json: packages: a JSON array where the lock format (docs/lock-format.md) wants an object"},
		{`{"schema": 1, "packages": {"a": {"name": 3}}}`, "lock.json: packages.name: a JSON number where the lock format (docs/lock-format.md) wants a string"},
	} {
		_, err := Decode("lock.json", []byte(tc.doc))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "Go struct") {
			t.Errorf("Decode(%s) = %v, want an error starting %q", tc.doc, err, tc.want)
		}
	}
}
