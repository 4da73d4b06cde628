package main

// Version is opam2drv's version, written into every lock it generates.
// Release builds may override it with -ldflags "-X main.Version=...".
var Version = "0.1.0-dev"
