module github.com/hillingar/hillingar

go 1.23.0

require (
	github.com/go-air/gini v1.0.4 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/nix-community/go-nix v0.0.0-20250101154619-4bdde671e0a1 // indirect
	github.com/rogpeppe/go-internal v1.14.1 // indirect
	golang.org/x/sync v0.12.0 // indirect
	golang.org/x/sys v0.31.0 // indirect
	golang.org/x/term v0.30.0 // indirect
)
