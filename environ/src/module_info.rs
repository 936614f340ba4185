//! [`ModuleInfo`]: everything about a core module except its function bodies'
//! machine code, read once from the validated binary.
//!
//! Plain data: types, imports, exports, segments and constant initialisers.
//! Function bodies are kept as byte ranges for the translator; no pointers and
//! no runtime state live here.

use crate::const_expr::{ConstExpr, ConstOp};
use crate::types::{FuncType, GlobalType, MemoryType, TableType, ValType};
use anyhow::{bail, Result};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// The index space an import or export refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityIndex {
    /// A function index.
    Func(u32),
    /// A table index.
    Table(u32),
    /// A memory index.
    Memory(u32),
    /// A global index.
    Global(u32),
}

/// One import of the module.
#[derive(Clone, Debug)]
pub struct Import {
    /// The module name.
    pub module: String,
    /// The field name.
    pub name: String,
    /// Which slot of which index space it fills.
    pub index: EntityIndex,
}

/// Where an element segment goes.
#[derive(Clone, Debug)]
pub enum ElemKind {
    /// Copied into a table at instantiation, then dropped.
    Active {
        /// The table index.
        table: u32,
        /// The offset into the table.
        offset: ConstExpr,
    },
    /// Kept for `table.init`.
    Passive,
    /// Only declares functions for `ref.func`; dropped at once.
    Declared,
}

/// An element segment.
#[derive(Clone, Debug)]
pub struct ElemSegment {
    /// Where it goes.
    pub kind: ElemKind,
    /// Its items (references: `ref.func`, `ref.null` or `global.get`).
    pub items: Vec<ConstExpr>,
}

/// Where a data segment goes.
#[derive(Clone, Debug)]
pub enum DataKind {
    /// Copied into a memory at instantiation, then dropped.
    Active {
        /// The memory index.
        memory: u32,
        /// The offset into the memory.
        offset: ConstExpr,
    },
    /// Kept for `memory.init`.
    Passive,
}

/// A data segment.
#[derive(Clone, Debug)]
pub struct DataSegment {
    /// Where it goes.
    pub kind: DataKind,
    /// Its bytes.
    pub bytes: Arc<[u8]>,
}

/// The static description of a module.
#[derive(Debug, Default)]
pub struct ModuleInfo {
    /// Function types by module type index.
    pub types: Vec<FuncType>,
    /// The type index of every function, imported ones first.
    pub funcs: Vec<u32>,
    /// How many of `funcs` are imported.
    pub num_imported_funcs: u32,
    /// Every table, imported ones first.
    pub tables: Vec<TableType>,
    /// How many of `tables` are imported.
    pub num_imported_tables: u32,
    /// Every memory, imported ones first.
    pub memories: Vec<MemoryType>,
    /// How many of `memories` are imported.
    pub num_imported_memories: u32,
    /// Every global, imported ones first.
    pub globals: Vec<GlobalType>,
    /// Initialisers of the defined globals.
    pub global_inits: Vec<ConstExpr>,
    /// How many of `globals` are imported.
    pub num_imported_globals: u32,
    /// The imports, in order.
    pub imports: Vec<Import>,
    /// The exports, in order.
    pub exports: Vec<(String, EntityIndex)>,
    /// Export lookup by name.
    pub export_map: HashMap<String, EntityIndex>,
    /// The start function.
    pub start: Option<u32>,
    /// Element segments.
    pub elems: Vec<ElemSegment>,
    /// Data segments.
    pub data: Vec<DataSegment>,
    /// Byte ranges of the defined functions' bodies in the module binary.
    pub bodies: Vec<Range<usize>>,
    /// Functions whose address may be taken (`ref.func`, elements, exports, globals).
    pub escaping: Vec<bool>,
}

impl ModuleInfo {
    /// The type of function `func`.
    #[inline]
    pub fn func_type(&self, func: u32) -> &FuncType {
        &self.types[self.funcs[func as usize] as usize]
    }

    /// Number of functions defined (not imported).
    #[inline]
    pub fn num_defined_funcs(&self) -> u32 {
        self.funcs.len() as u32 - self.num_imported_funcs
    }

    /// The defined-function index of `func`, if it is not imported.
    #[inline]
    pub fn defined_func(&self, func: u32) -> Option<u32> {
        func.checked_sub(self.num_imported_funcs)
    }

    /// The number of defined globals.
    #[inline]
    pub fn num_defined_globals(&self) -> u32 {
        self.globals.len() as u32 - self.num_imported_globals
    }

    /// The type of an import or export's entity.
    #[inline]
    pub fn entity_type(&self, index: EntityIndex) -> crate::types::ExternType {
        use crate::types::ExternType;
        match index {
            EntityIndex::Func(i) => ExternType::Func(self.func_type(i).clone()),
            EntityIndex::Table(i) => ExternType::Table(self.tables[i as usize]),
            EntityIndex::Memory(i) => ExternType::Memory(self.memories[i as usize]),
            EntityIndex::Global(i) => ExternType::Global(self.globals[i as usize]),
        }
    }

    /// Reads a validated module.
    ///
    /// `validate` is called with every payload so that the caller can run the
    /// validator in the same pass; function bodies are handed to
    /// `on_body` (with their index among defined functions) for later
    /// validation and translation.
    #[inline]
    pub fn parse<'a>(
        wasm: &'a [u8],
        validator: &mut wasmparser::Validator,
        mut on_body: impl FnMut(
            wasmparser::FuncToValidate<wasmparser::ValidatorResources>,
            wasmparser::FunctionBody<'a>,
        ),
    ) -> Result<ModuleInfo> {
        use wasmparser::{Payload, ValidPayload};
        let mut info = ModuleInfo::default();
        // Decode with the validator's features, not the parser's default of
        // all of them: encodings differ between proposals (memory64 limits are
        // 64-bit LEBs, so an overlong 32-bit limit would otherwise decode).
        let mut parser = wasmparser::Parser::new(0);
        parser.set_features(*validator.features());
        for payload in parser.parse_all(wasm) {
            let payload = payload?;
            match validator.payload(&payload)? {
                ValidPayload::Func(func, body) => {
                    let r = body.range();
                    info.bodies.push(r.start as usize..r.end as usize);
                    on_body(func, body);
                    continue;
                }
                ValidPayload::End(_) => break,
                ValidPayload::Ok | ValidPayload::Parser(_) => {}
            }
            match payload {
                Payload::TypeSection(reader) => {
                    for group in reader {
                        for sub in group?.into_types() {
                            match &sub.composite_type.inner {
                                wasmparser::CompositeInnerType::Func(f) => {
                                    info.types.push(FuncType::from_wasm(f)?)
                                }
                                _ => bail!("only function types are supported by hoist"),
                            }
                        }
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        let index = match import.ty {
                            wasmparser::TypeRef::Func(t) | wasmparser::TypeRef::FuncExact(t) => {
                                info.funcs.push(t);
                                info.num_imported_funcs += 1;
                                EntityIndex::Func(info.funcs.len() as u32 - 1)
                            }
                            wasmparser::TypeRef::Table(t) => {
                                info.tables.push(TableType::from_wasm(&t)?);
                                info.num_imported_tables += 1;
                                EntityIndex::Table(info.tables.len() as u32 - 1)
                            }
                            wasmparser::TypeRef::Memory(m) => {
                                info.memories.push(MemoryType::from_wasm(&m)?);
                                info.num_imported_memories += 1;
                                EntityIndex::Memory(info.memories.len() as u32 - 1)
                            }
                            wasmparser::TypeRef::Global(g) => {
                                info.globals.push(GlobalType::from_wasm(&g)?);
                                info.num_imported_globals += 1;
                                EntityIndex::Global(info.globals.len() as u32 - 1)
                            }
                            wasmparser::TypeRef::Tag(_) => {
                                bail!("tags (exceptions) are not supported by hoist")
                            }
                        };
                        info.imports.push(Import {
                            module: import.module.to_string(),
                            name: import.name.to_string(),
                            index,
                        });
                    }
                }
                Payload::FunctionSection(reader) => {
                    for t in reader {
                        info.funcs.push(t?);
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader {
                        let table = table?;
                        if !matches!(table.init, wasmparser::TableInit::RefNull) {
                            bail!("table initialiser expressions are not supported by hoist");
                        }
                        info.tables.push(TableType::from_wasm(&table.ty)?);
                    }
                }
                Payload::MemorySection(reader) => {
                    for m in reader {
                        info.memories.push(MemoryType::from_wasm(&m?)?);
                    }
                }
                Payload::GlobalSection(reader) => {
                    for g in reader {
                        let g = g?;
                        info.globals.push(GlobalType::from_wasm(&g.ty)?);
                        info.global_inits.push(ConstExpr::parse(&g.init_expr)?);
                    }
                }
                Payload::ExportSection(reader) => {
                    for e in reader {
                        let e = e?;
                        let index = match e.kind {
                            wasmparser::ExternalKind::Func
                            | wasmparser::ExternalKind::FuncExact => EntityIndex::Func(e.index),
                            wasmparser::ExternalKind::Table => EntityIndex::Table(e.index),
                            wasmparser::ExternalKind::Memory => EntityIndex::Memory(e.index),
                            wasmparser::ExternalKind::Global => EntityIndex::Global(e.index),
                            wasmparser::ExternalKind::Tag => {
                                bail!("tags (exceptions) are not supported by hoist")
                            }
                        };
                        info.exports.push((e.name.to_string(), index));
                        info.export_map.insert(e.name.to_string(), index);
                    }
                }
                Payload::StartSection { func, .. } => info.start = Some(func),
                Payload::ElementSection(reader) => {
                    for elem in reader {
                        let elem = elem?;
                        let kind = match elem.kind {
                            wasmparser::ElementKind::Passive => ElemKind::Passive,
                            wasmparser::ElementKind::Declared => ElemKind::Declared,
                            wasmparser::ElementKind::Active {
                                table_index,
                                offset_expr,
                            } => ElemKind::Active {
                                table: table_index.unwrap_or(0),
                                offset: ConstExpr::parse(&offset_expr)?,
                            },
                        };
                        let mut items = Vec::new();
                        match elem.items {
                            wasmparser::ElementItems::Functions(r) => {
                                for f in r {
                                    items.push(ConstExpr::ref_func(f?));
                                }
                            }
                            wasmparser::ElementItems::Expressions(_, r) => {
                                for e in r {
                                    items.push(ConstExpr::parse(&e?)?);
                                }
                            }
                        }
                        info.elems.push(ElemSegment { kind, items });
                    }
                }
                Payload::DataSection(reader) => {
                    for d in reader {
                        let d = d?;
                        let kind = match d.kind {
                            wasmparser::DataKind::Passive => DataKind::Passive,
                            wasmparser::DataKind::Active {
                                memory_index,
                                offset_expr,
                            } => DataKind::Active {
                                memory: memory_index,
                                offset: ConstExpr::parse(&offset_expr)?,
                            },
                        };
                        info.data.push(DataSegment {
                            kind,
                            bytes: d.data.into(),
                        });
                    }
                }
                _ => {}
            }
        }
        info.mark_escaping();
        Ok(info)
    }

    fn mark_escaping(&mut self) {
        let mut escaping = vec![false; self.funcs.len()];
        let mut mark = |e: &ConstExpr| {
            for op in e.ops() {
                if let ConstOp::RefFunc(f) = op {
                    if let Some(slot) = escaping.get_mut(*f as usize) {
                        *slot = true;
                    }
                }
            }
        };
        self.global_inits.iter().for_each(&mut mark);
        self.elems
            .iter()
            .flat_map(|e| e.items.iter())
            .for_each(&mut mark);
        for (_, idx) in &self.exports {
            if let EntityIndex::Func(f) = idx {
                escaping[*f as usize] = true;
            }
        }
        self.escaping = escaping;
    }

    /// Whether `ty` is a reference type stored as a pointer-sized value.
    #[inline]
    pub fn is_ref(ty: ValType) -> bool {
        ty.is_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(wasm: &[u8]) -> Result<ModuleInfo> {
        // As the runtime's default configuration: without memory64, limits
        // are 32-bit.
        let mut features = wasmparser::WasmFeatures::default();
        features.remove(wasmparser::WasmFeatures::MEMORY64);
        let mut validator = wasmparser::Validator::new_with_features(features);
        ModuleInfo::parse(wasm, &mut validator, |_, _| {})
    }

    #[test]
    fn memory_limits_decode_as_32_bit_lebs() {
        let header = b"\0asm\x01\0\0\0";
        // A memory section with one memory, no maximum, minimum 2.
        let mut ok = header.to_vec();
        ok.extend_from_slice(b"\x05\x03\x01\x00\x02");
        assert_eq!(parse(&ok).unwrap().memories[0].minimum(), 2);
        // The same minimum in six bytes: too long for a 32-bit LEB128.
        let mut overlong = header.to_vec();
        overlong.extend_from_slice(b"\x05\x08\x01\x00\x82\x80\x80\x80\x80\x00");
        assert!(parse(&overlong).is_err());
    }
}
