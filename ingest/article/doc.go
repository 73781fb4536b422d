// Package article reads news articles from files and streams into Documents:
// plain text (title on the first line, an optional byline or agency line),
// HTML (article text, author and date via go-trafilatura), JSON Lines (one
// article per line) and the Reuters-21578 SGML collection.
//
// Offsets everywhere in sourcetrace are character (rune) offsets into
// Document.Text, so spans line up with what this package returns:
//
//   - .txt (also .text, and a file named explicitly without extension):
//     Text is the whole file exactly, title line included (after UTF-8
//     repair, which replaces each bad byte with one U+FFFD and is reported).
//     The title is the first non-empty line, cut at a word boundary near 200
//     characters when the file is one long line. Among the first lines after
//     the title a byline ("By Jane Smith", "By Jane Smith, Associated Press
//     Writer") fills Author, and a credit line that is only an agency
//     ("Agence France-Presse", "(AP)", "Source: Reuters") fills Agency. The
//     agencies recognised by name are a small documented lexicon of wire
//     services; other credit lines count only when they sit alone under the
//     title between blank lines and are an acronym or a short title-case name
//     with an organisation word ("Baltic News Service"). A wire dateline
//     opening the first paragraph ("MOSCOW (AP) —") also names the agency,
//     and a host site's promotion line ("More from GlobalPost: ...") names
//     the Outlet.
//   - .html/.htm: Text is the page title, a blank line and the article body
//     that go-trafilatura extracts (readability and dom-distiller are tried
//     when its own pass finds nothing), with paragraphs separated by blank
//     lines. Pages in a declared legacy charset are decoded, not repaired.
//   - .jsonl/.ndjson: one object per line with "id" (string or number),
//     "url", "title", "outlet", "author", "published" (RFC 3339 or
//     YYYY-MM-DD) and the required "text", which becomes Text unchanged.
//   - .sgm (Reuters-21578): Text is the title, a blank line and the body,
//     with SGML entities decoded and the wire's control characters dropped.
//
// Problems are reported per file, or per record for the multi-article
// formats, as a *FileError naming the path and, where they apply, the line
// and byte offset; it wraps one of the sentinel errors (ErrEmpty, ErrBinary,
// ErrInvalidUTF8, ErrTooLarge, ErrNoText, ErrSyntax, ErrUnsupported) or the
// underlying I/O error. A bad file or record never stops the others: Walk
// and All report it and go on, ReadFile returns the good documents together
// with the joined errors. Problems that do not lose the article (repaired
// UTF-8, an unparseable date) are Document.Warnings instead.
package article
