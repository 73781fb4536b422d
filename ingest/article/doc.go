// Package article reads news articles from files and streams into Documents:
// plain text (title on the first line, an optional byline or agency line),
// HTML (article text, author and date via go-trafilatura), JSON Lines (one
// article per line) and the Reuters-21578 SGML collection.
//
// Offsets everywhere in sourcetrace are character (rune) offsets into
// Document.Text, which is the file's text exactly as read (after any UTF-8
// repair, which is reported), so spans line up with the input.
package article
