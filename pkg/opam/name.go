package opam

// NameRule says in words which package names ValidName accepts, for
// error messages.
const NameRule = "letters, digits, '-', '_' and '+', with at least one letter"

// ValidName reports whether s is a package name opam accepts: ASCII
// letters, digits, '-', '_' and '+', with at least one letter.
func ValidName(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9', c == '-', c == '_', c == '+':
		default:
			return false
		}
	}
	return letter
}
