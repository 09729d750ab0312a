package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// envoyBuild is what the Envoy release binary embeds: the generated C++ code of every proto file
// it is built with holds that file's serialized FileDescriptorProto, which starts with its name.
type envoyBuild struct {
	info envoyBuildInfo
	// has: the schema files the binary embeds, identical to ours in name and package.
	has map[string]bool
}

type envoyBuildInfo struct {
	Version string `json:"version"`
	Sha256  string `json:"sha256"`
}

func readEnvoyBuild(binary string, files []protoreflect.FileDescriptor) (*envoyBuild, error) {
	bin, err := os.ReadFile(binary)
	if err != nil {
		return nil, err
	}
	version, err := exec.Command(binary, "--version").Output()
	if err != nil || !bytes.Contains(version, []byte("version: ")) {
		return nil, fmt.Errorf("%s --version: not an Envoy binary (%v)", binary, err)
	}
	sum := sha256.Sum256(bin)
	build := &envoyBuild{
		info: envoyBuildInfo{Version: strings.TrimSpace(string(version[bytes.Index(version, []byte("version: "))+len("version: "):])), Sha256: hex.EncodeToString(sum[:])},
		has:  map[string]bool{},
	}
	for _, fd := range files {
		if embeds(bin, protodesc.ToFileDescriptorProto(fd)) {
			build.has[fd.Path()] = true
		}
	}
	if len(build.has) == 0 {
		return nil, fmt.Errorf("%s embeds none of the schema's files: not an Envoy binary", binary)
	}
	return build, nil
}

// embeds finds the file's name as the first field of a FileDescriptorProto that parses and
// declares the same package.
func embeds(bin []byte, want *descriptorpb.FileDescriptorProto) bool {
	head := protowire.AppendTag(nil, 1, protowire.BytesType)
	head = protowire.AppendString(head, want.GetName())
	for rest := bin; ; {
		at := bytes.Index(rest, head)
		if at < 0 {
			return false
		}
		got := &descriptorpb.FileDescriptorProto{}
		if proto.Unmarshal(rest[at:at+descriptorLength(rest[at:])], got) == nil && got.GetName() == want.GetName() && got.GetPackage() == want.GetPackage() {
			return true
		}
		rest = rest[at+1:]
	}
}

// descriptorLength is how far b parses as FileDescriptorProto fields (numbers 1 to 14): the
// embedded bytes are followed by unrelated data.
func descriptorLength(b []byte) int {
	n := 0
	for n < len(b) {
		num, typ, tagLen := protowire.ConsumeTag(b[n:])
		if tagLen < 0 || num < 1 || num > 14 {
			break
		}
		valueLen := protowire.ConsumeFieldValue(num, typ, b[n+tagLen:])
		if valueLen < 0 {
			break
		}
		n += tagLen + valueLen
	}
	return n
}
