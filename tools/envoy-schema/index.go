package main

import (
	"encoding/json"
	"sort"
	"strings"

	udpa "github.com/cncf/xds/go/udpa/annotations"
	xds "github.com/cncf/xds/go/xds/annotations/v3"
	envoy "github.com/envoyproxy/go-control-plane/envoy/annotations"
	"github.com/envoyproxy/protoc-gen-validate/validate"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// index is what envoyc's validator reads besides the descriptors: where each type is declared and
// which files its fields need (to load a dependency-closed subset per type), and the annotations it
// judges by, read here with the generated Go types of each extension (protobufjs drops custom
// options when it loads descriptors). Keys are full names; an enum value's key is its enum's full
// name, a dot and the value's name.
type index struct {
	// Files: in the order of the FileDescriptorSet.
	Files []fileEntry `json:"files"`
	// MessageTypes, EnumTypes: each top-level message and enum, by full name, to the index of its file.
	MessageTypes map[string]int `json:"messageTypes"`
	EnumTypes    map[string]int `json:"enumTypes"`
	// Fields, Oneofs, Messages, EnumValues: only those that carry an annotation the validator reads.
	Fields     map[string]*fieldOptions     `json:"fields"`
	Oneofs     map[string]*oneofOptions     `json:"oneofs"`
	Messages   map[string]*messageOptions   `json:"messages"`
	EnumValues map[string]*enumValueOptions `json:"enumValues"`
}

type fileEntry struct {
	Name    string `json:"name"`
	Package string `json:"package"`
	// Edition: as protobufjs names it, "proto2", "proto3" or an edition's year.
	Edition string `json:"edition"`
	// Deps: the files declaring the types this file's fields refer to (not its option-only imports).
	Deps []int `json:"deps"`
	// NotInEnvoyBuild: the Envoy release binary does not embed this file, so it knows none of its types.
	NotInEnvoyBuild bool `json:"notInEnvoyBuild,omitempty"`
}

type fieldOptions struct {
	// Rules: (validate.rules) as protojson with proto field names (int64 as strings, Durations as "1s").
	Rules json.RawMessage `json:"rules,omitempty"`
	// Deprecated: true, or (envoy.annotations.deprecated_at_minor_version) when set.
	Deprecated          any  `json:"deprecated,omitempty"`
	DisallowedByDefault bool `json:"disallowedByDefault,omitempty"`
	// WorkInProgress: (xds.annotations.v3.field_status).work_in_progress.
	WorkInProgress bool `json:"workInProgress,omitempty"`
	// Sensitive: (udpa.annotations.sensitive) or (xds.annotations.v3.sensitive).
	Sensitive bool `json:"sensitive,omitempty"`
}

type oneofOptions struct {
	// Required: (validate.required).
	Required bool `json:"required"`
}

type messageOptions struct {
	Deprecated bool `json:"deprecated,omitempty"`
	// WorkInProgress: "message" for (xds.annotations.v3.message_status), "file" when its file's
	// udpa or xds file_status says so (Envoy warns about both).
	WorkInProgress string `json:"workInProgress,omitempty"`
}

type enumValueOptions struct {
	Deprecated          any  `json:"deprecated,omitempty"`
	DisallowedByDefault bool `json:"disallowedByDefault,omitempty"`
}

func buildIndex(files []protoreflect.FileDescriptor, inEnvoy map[string]bool) *index {
	ix := &index{
		MessageTypes: map[string]int{},
		EnumTypes:    map[string]int{},
		Fields:       map[string]*fieldOptions{},
		Oneofs:       map[string]*oneofOptions{},
		Messages:     map[string]*messageOptions{},
		EnumValues:   map[string]*enumValueOptions{},
	}
	at := map[string]int{}
	for i, fd := range files {
		at[fd.Path()] = i
	}
	for i, fd := range files {
		deps := map[int]bool{}
		wip := fileWorkInProgress(fd)
		for j := 0; j < fd.Messages().Len(); j++ {
			md := fd.Messages().Get(j)
			ix.MessageTypes[string(md.FullName())] = i
			ix.addMessage(md, wip, func(dep protoreflect.FileDescriptor) {
				if k := at[dep.Path()]; k != i {
					deps[k] = true
				}
			})
		}
		for j := 0; j < fd.Enums().Len(); j++ {
			ed := fd.Enums().Get(j)
			ix.EnumTypes[string(ed.FullName())] = i
			ix.addEnum(ed)
		}
		ix.Files = append(ix.Files, fileEntry{
			Name: fd.Path(), Package: string(fd.Package()), Edition: edition(fd), Deps: sortedKeys(deps), NotInEnvoyBuild: !inEnvoy[fd.Path()],
		})
	}
	return ix
}

func edition(fd protoreflect.FileDescriptor) string {
	if fd.Syntax() == protoreflect.Editions {
		return strings.TrimPrefix(protodesc.ToFileDescriptorProto(fd).GetEdition().String(), "EDITION_")
	}
	return fd.Syntax().String()
}

func fileWorkInProgress(fd protoreflect.FileDescriptor) bool {
	opts := fd.Options().(*descriptorpb.FileOptions)
	u, _ := proto.GetExtension(opts, udpa.E_FileStatus).(*udpa.StatusAnnotation)
	x, _ := proto.GetExtension(opts, xds.E_FileStatus).(*xds.FileStatusAnnotation)
	return u.GetWorkInProgress() || x.GetWorkInProgress()
}

// addMessage records a message's annotations and its nested types', and reports each file its fields need.
func (ix *index) addMessage(md protoreflect.MessageDescriptor, fileWIP bool, need func(protoreflect.FileDescriptor)) {
	opts := md.Options().(*descriptorpb.MessageOptions)
	mo := &messageOptions{Deprecated: opts.GetDeprecated()}
	if m, _ := proto.GetExtension(opts, xds.E_MessageStatus).(*xds.MessageStatusAnnotation); m.GetWorkInProgress() {
		mo.WorkInProgress = "message"
	} else if fileWIP {
		mo.WorkInProgress = "file"
	}
	if *mo != (messageOptions{}) {
		ix.Messages[string(md.FullName())] = mo
	}
	for i := 0; i < md.Fields().Len(); i++ {
		f := md.Fields().Get(i)
		if f.Message() != nil {
			need(f.Message().ParentFile())
		} else if f.Enum() != nil {
			need(f.Enum().ParentFile())
		}
		if fo := fieldOptionsOf(f); fo != nil {
			ix.Fields[string(f.FullName())] = fo
		}
	}
	for i := 0; i < md.Oneofs().Len(); i++ {
		o := md.Oneofs().Get(i)
		if proto.GetExtension(o.Options(), validate.E_Required).(bool) {
			ix.Oneofs[string(o.FullName())] = &oneofOptions{Required: true}
		}
	}
	for i := 0; i < md.Messages().Len(); i++ {
		ix.addMessage(md.Messages().Get(i), fileWIP, need)
	}
	for i := 0; i < md.Enums().Len(); i++ {
		ix.addEnum(md.Enums().Get(i))
	}
}

func fieldOptionsOf(f protoreflect.FieldDescriptor) *fieldOptions {
	opts := f.Options().(*descriptorpb.FieldOptions)
	fo := &fieldOptions{
		DisallowedByDefault: proto.GetExtension(opts, envoy.E_DisallowedByDefault).(bool),
		Sensitive:           proto.GetExtension(opts, udpa.E_Sensitive).(bool) || proto.GetExtension(opts, xds.E_Sensitive).(bool),
	}
	if s, _ := proto.GetExtension(opts, xds.E_FieldStatus).(*xds.FieldStatusAnnotation); s.GetWorkInProgress() {
		fo.WorkInProgress = true
	}
	if opts.GetDeprecated() {
		fo.Deprecated = deprecation(proto.GetExtension(opts, envoy.E_DeprecatedAtMinorVersion).(string))
	}
	if r, _ := proto.GetExtension(opts, validate.E_Rules).(*validate.FieldRules); r != nil && proto.Size(r) > 0 {
		fo.Rules = mustJSON(r)
	}
	if fo.Rules == nil && fo.Deprecated == nil && !fo.DisallowedByDefault && !fo.WorkInProgress && !fo.Sensitive {
		return nil
	}
	return fo
}

func (ix *index) addEnum(ed protoreflect.EnumDescriptor) {
	for i := 0; i < ed.Values().Len(); i++ {
		v := ed.Values().Get(i)
		opts := v.Options().(*descriptorpb.EnumValueOptions)
		eo := &enumValueOptions{DisallowedByDefault: proto.GetExtension(opts, envoy.E_DisallowedByDefaultEnum).(bool)}
		if opts.GetDeprecated() {
			eo.Deprecated = deprecation(proto.GetExtension(opts, envoy.E_DeprecatedAtMinorVersionEnum).(string))
		}
		if eo.Deprecated != nil || eo.DisallowedByDefault {
			ix.EnumValues[string(ed.FullName())+"."+string(v.Name())] = eo
		}
	}
}

// deprecation is the minor API version a deprecation happened at, or true when not recorded.
func deprecation(atMinorVersion string) any {
	if atMinorVersion != "" {
		return atMinorVersion
	}
	return true
}

// mustJSON writes a message as protojson with proto field names; the caller's indenting
// re-formats it, so protojson's deliberately unstable whitespace never reaches the output.
func mustJSON(m proto.Message) json.RawMessage {
	b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

func sortedKeys(set map[int]bool) []int {
	out := []int{}
	for i := range set {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}
