package graph

import "context"

// NodeReplacer is a Store that can overwrite a stored node with the given
// one instead of merging into it (Writer.PutNode only ever adds aliases,
// roles and attributes). Curation needs it to take back what it added: the
// aliases a merge gave a node, a corrected claim's wording. The node must
// exist (else ErrNotFound) and keep its kind (else ErrInvalid); the name
// index follows the new name and aliases.
type NodeReplacer interface {
	ReplaceNode(ctx context.Context, n Node) error
}
