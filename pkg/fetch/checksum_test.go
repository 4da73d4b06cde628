package fetch

import (
	"errors"
	"testing"
)

func TestParseChecksum(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "md5=d41d8cd98f00b204e9800998ecf8427e", want: "md5=d41d8cd98f00b204e9800998ecf8427e"},
		{in: "d41d8cd98f00b204e9800998ecf8427e", want: "md5=d41d8cd98f00b204e9800998ecf8427e"},
		{in: "sha256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
			want: "sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{in: "sha1=da39a3ee5e6b4b0d3255bfef95601890afd80709", wantErr: `checksum "sha1=da39a3ee5e6b4b0d3255bfef95601890afd80709": unknown algorithm "sha1" (want md5=HEX, sha256=HEX or sha512=HEX)`},
		{in: "sha256=abc", wantErr: `checksum "sha256=abc": digest is not hexadecimal (want md5=HEX, sha256=HEX or sha512=HEX)`},
		{in: "sha256=abcd", wantErr: `checksum "sha256=abcd": sha256 digest has 4 hex digits, want 64 (want md5=HEX, sha256=HEX or sha512=HEX)`},
	}
	for _, tt := range tests {
		c, err := ParseChecksum(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("ParseChecksum(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ParseChecksum(%q): %v", tt.in, err)
		}
		if got := c.String(); got != tt.want {
			t.Fatalf("ParseChecksum(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// The digests of the empty string are well known; their SRI forms are what
// `nix hash to-sri` prints for them.
const (
	emptyMD5    = "md5=d41d8cd98f00b204e9800998ecf8427e"
	emptySHA256 = "sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	emptySHA512 = "sha512=cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
)

func TestSRI(t *testing.T) {
	tests := []struct {
		sums []string
		want string
		err  error
	}{
		{sums: []string{emptyMD5, emptySHA256}, want: "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
		{sums: []string{emptySHA256, emptySHA512, emptyMD5},
			want: "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="},
		{sums: []string{emptyMD5}, err: ErrNoNixHash},
		{sums: nil, err: ErrNoNixHash},
	}
	for _, tt := range tests {
		sums, err := ParseChecksums(tt.sums)
		if err != nil {
			t.Fatal(err)
		}
		got, err := SRI(sums)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Fatalf("SRI(%v) = %q, %v; want %q, %v", tt.sums, got, err, tt.want, tt.err)
		}
	}
}

func TestParseChecksumsJoinsErrors(t *testing.T) {
	sums, err := ParseChecksums([]string{"sha256=zz", emptyMD5, "crc=00"})
	if len(sums) != 1 || sums[0].String() != emptyMD5 {
		t.Fatalf("ParseChecksums kept %v, want only %s", sums, emptyMD5)
	}
	var se *ChecksumSyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *ChecksumSyntaxError", err)
	}
	if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != 2 {
		t.Fatalf("ParseChecksums joined %d errors, want 2: %v", n, err)
	}
}
