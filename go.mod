module github.com/hillingar/hillingar

go 1.23.0

require (
	github.com/go-air/gini v1.0.4
	github.com/google/go-cmp v0.7.0
	github.com/nix-community/go-nix v0.0.0-20250101154619-4bdde671e0a1
	golang.org/x/term v0.30.0
)

require golang.org/x/sys v0.31.0 // indirect
