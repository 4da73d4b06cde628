// Command synthplan writes a synthetic plan of N packages for the Nix
// library's benchmark (tests/nix/bench.sh). Package pI depends on up to
// four earlier packages (build and run), has an archive source with a
// sha256 SRI hash derived from its name, two build steps with
// placeholders and filters, a patch with its text, and a setenv. The
// output is deterministic.
//
// Usage:
//
//	go run ./tests/nix/synthplan -n 1000 > plan.json
package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

func main() {
	n := flag.Int("n", 1000, "number of packages")
	version := flag.String("version", "1.0.0", "every package's version (change it for derivations Nix has not seen)")
	flag.Parse()
	data, err := json.MarshalIndent(plan(*n, *version), "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthplan:", err)
		os.Exit(1)
	}
	os.Stdout.Write(append(data, '\n'))
}

type obj = map[string]any

func sri(s string) string {
	h := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

func plan(n int, version string) obj {
	pkgs := obj{}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("p%04d", i)
		var build, run []string
		for _, d := range []int{1, 7, 31, 127} {
			if i-d >= 0 {
				dep := fmt.Sprintf("p%04d", i-d)
				if d == 7 {
					build = append(build, dep)
				} else {
					run = append(run, dep)
				}
			}
		}
		pkgs[name] = record(name, version, nonNil(build), nonNil(run))
	}
	return obj{
		"schema": 1, "generator": "synthplan", "regenerate": []string{"go", "run", "./tests/nix/synthplan"},
		"env":      obj{"arch": "x86_64", "os": "linux", "os-distribution": "debian", "os-family": "debian", "os-version": "12"},
		"projects": obj{}, "missingHashes": []string{}, "packages": pkgs,
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func record(name, version string, build, run []string) obj {
	patch := "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"
	return obj{
		"name": name, "version": "1.0.0",
		"source":  obj{"type": "archive", "urls": []string{"https://example.invalid/" + name + "-1.0.0.tar.gz"}, "hash": sri(name)},
		"depends": obj{"build": build, "run": run, "post": []string{}, "test": []string{}, "doc": []string{}},
		"depopts": []string{},
		"build": []obj{
			{"args": []any{"dune", "build", "-p", obj{"parts": []obj{{"var": "name"}}}, "-j", obj{"parts": []obj{{"var": "jobs"}}}}},
			{"args": []any{"dune", "runtest", "-p", name}, "filter": obj{"var": "with-test"}},
		},
		"install":  []obj{},
		"patches":  []obj{{"file": "fix.patch"}},
		"substs":   []string{},
		"files":    obj{"fix.patch": obj{"text": patch, "hash": sri(patch)}},
		"setenv":   []obj{{"var": "P_" + name, "op": "=", "value": obj{"parts": []obj{{"var": "_:lib"}}}}},
		"buildEnv": []obj{}, "depexts": obj{}, "flags": []string{}, "extraSources": obj{},
	}
}
