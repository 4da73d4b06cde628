package build

import (
	"encoding/json"
	"fmt"

	"github.com/hillingar/hillingar/pkg/drv"
)

// ParseRecord decodes one package record of a plan (docs/lock-format.md)
// with pkg/drv's types. Unknown keys of the record are ignored, so a newer
// plan with extra fields still builds; arguments, placeholders and
// residual filters must be well formed. Unlike [drv.Decode] it does not
// check references to other packages: a derivation sees its own record
// only.
func ParseRecord(data []byte) (*drv.Package, error) {
	var r drv.Package
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("package record: %w", err)
	}
	if r.Name == "" {
		return nil, fmt.Errorf("package record: field \"name\" is missing or empty")
	}
	return &r, nil
}
