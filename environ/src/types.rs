//! Types of core WebAssembly values and definitions, as the embedding API shows them.
//!
//! These are plain descriptions (`FuncType`, `MemoryType`, …) and the conversions
//! from `wasmparser`'s types. Runtime values live in `values`, the engine-wide
//! interning of function types in `engine`.

use anyhow::{bail, Result};
use std::fmt;

/// The type of a core WebAssembly value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// 128-bit vector (fixed-width SIMD).
    V128,
    /// Nullable reference to a function.
    FuncRef,
    /// Nullable reference to a host value.
    ExternRef,
}

impl ValType {
    /// Whether this is a reference type.
    #[inline]
    pub fn is_ref(&self) -> bool {
        matches!(self, ValType::FuncRef | ValType::ExternRef)
    }

    /// The conversion from wasmparser's type (refusing what hoist lacks).
    #[doc(hidden)]
    #[inline]
    pub fn from_wasm(ty: wasmparser::ValType) -> Result<ValType> {
        Ok(match ty {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            wasmparser::ValType::V128 => ValType::V128,
            wasmparser::ValType::Ref(r) => ValType::from_ref(r)?,
        })
    }

    /// The conversion from wasmparser's reference type.
    #[doc(hidden)]
    #[inline]
    pub fn from_ref(r: wasmparser::RefType) -> Result<ValType> {
        if r == wasmparser::RefType::FUNCREF {
            Ok(ValType::FuncRef)
        } else if r == wasmparser::RefType::EXTERNREF {
            Ok(ValType::ExternRef)
        } else {
            bail!("reference type `{r}` is not supported by hoist (only funcref and externref)")
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
        })
    }
}

/// The type of a function: its parameters and results.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    /// The parameters, then the results, in one shared allocation: cloning
    /// a type (stores, host functions and type checks do it often) only
    /// counts a reference.
    types: std::sync::Arc<[ValType]>,
    /// How many of `types` are parameters.
    n_params: usize,
}

impl FuncType {
    /// A function type with these parameters and results.
    #[inline]
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        let mut types: Vec<ValType> = params.into_iter().collect();
        let n_params = types.len();
        types.extend(results);
        FuncType {
            types: types.into(),
            n_params,
        }
    }

    /// The parameter types.
    #[inline]
    pub fn params(&self) -> &[ValType] {
        &self.types[..self.n_params]
    }

    /// The result types.
    #[inline]
    pub fn results(&self) -> &[ValType] {
        &self.types[self.n_params..]
    }

    /// The conversion from wasmparser's type (refusing what hoist lacks).
    #[doc(hidden)]
    #[inline]
    pub fn from_wasm(ty: &wasmparser::FuncType) -> Result<FuncType> {
        let convert = |list: &[wasmparser::ValType]| {
            list.iter()
                .map(|t| ValType::from_wasm(*t))
                .collect::<Result<Vec<_>>>()
        };
        Ok(FuncType::new(convert(ty.params())?, convert(ty.results())?))
    }
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FuncType")
            .field("params", &self.params())
            .field("results", &self.results())
            .finish()
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[ValType]| {
            v.iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(
            f,
            "func({}) -> ({})",
            list(self.params()),
            list(self.results())
        )
    }
}

/// Whether a global can be changed after its initialisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Set once, at instantiation.
    Const,
    /// Can be written with `global.set` or the runtime's `Global::set`.
    Var,
}

/// The type of a global: its content type and mutability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GlobalType {
    content: ValType,
    mutability: Mutability,
}

impl GlobalType {
    /// A global type holding `content` values.
    #[inline]
    pub fn new(content: ValType, mutability: Mutability) -> GlobalType {
        GlobalType {
            content,
            mutability,
        }
    }
    /// The type of the value held.
    #[inline]
    pub fn content(&self) -> ValType {
        self.content
    }
    /// Whether the global is mutable.
    #[inline]
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }
    /// The conversion from wasmparser's type (refusing what hoist lacks).
    #[doc(hidden)]
    #[inline]
    pub fn from_wasm(ty: &wasmparser::GlobalType) -> Result<GlobalType> {
        if ty.shared {
            bail!("shared globals are not supported by hoist");
        }
        Ok(GlobalType {
            content: ValType::from_wasm(ty.content_type)?,
            mutability: if ty.mutable {
                Mutability::Var
            } else {
                Mutability::Const
            },
        })
    }
}

impl fmt::Display for GlobalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mutability {
            Mutability::Const => write!(f, "global {}", self.content),
            Mutability::Var => write!(f, "global (mut {})", self.content),
        }
    }
}

/// The type of a linear memory: its limits in 64 KiB pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemoryType {
    minimum: u64,
    maximum: Option<u64>,
}

impl MemoryType {
    /// A 32-bit memory type with these limits, in 64 KiB pages.
    #[inline]
    pub fn new(minimum: u32, maximum: Option<u32>) -> MemoryType {
        MemoryType {
            minimum: minimum.into(),
            maximum: maximum.map(Into::into),
        }
    }
    /// A memory type with these limits in pages, as the runtime reports a
    /// memory's current size.
    #[doc(hidden)]
    #[inline]
    pub fn from_limits(minimum: u64, maximum: Option<u64>) -> MemoryType {
        MemoryType { minimum, maximum }
    }
    /// The minimum size in pages.
    #[inline]
    pub fn minimum(&self) -> u64 {
        self.minimum
    }
    /// The maximum size in pages, if any.
    #[inline]
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }
    /// The conversion from wasmparser's type (refusing what hoist lacks).
    #[doc(hidden)]
    #[inline]
    pub fn from_wasm(ty: &wasmparser::MemoryType) -> Result<MemoryType> {
        if ty.memory64 {
            bail!("64-bit memories are not supported by hoist");
        }
        if ty.shared {
            bail!("shared memories (threads) are not supported by hoist");
        }
        if ty.page_size_log2.is_some_and(|p| p != 16) {
            bail!("custom page sizes are not supported by hoist");
        }
        Ok(MemoryType {
            minimum: ty.initial,
            maximum: ty.maximum,
        })
    }
}

impl fmt::Display for MemoryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.maximum {
            Some(max) => write!(f, "memory {} {}", self.minimum, max),
            None => write!(f, "memory {}", self.minimum),
        }
    }
}

/// The type of a table: element type and limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TableType {
    element: ValType,
    minimum: u32,
    maximum: Option<u32>,
}

impl TableType {
    /// A table of `element` references (`FuncRef` or `ExternRef`) with these limits.
    #[inline]
    pub fn new(element: ValType, minimum: u32, maximum: Option<u32>) -> TableType {
        debug_assert!(element.is_ref());
        TableType {
            element,
            minimum,
            maximum,
        }
    }
    /// The element type.
    #[inline]
    pub fn element(&self) -> ValType {
        self.element
    }
    /// The minimum number of elements.
    #[inline]
    pub fn minimum(&self) -> u32 {
        self.minimum
    }
    /// The maximum number of elements, if any.
    #[inline]
    pub fn maximum(&self) -> Option<u32> {
        self.maximum
    }
    /// The conversion from wasmparser's type (refusing what hoist lacks).
    #[doc(hidden)]
    #[inline]
    pub fn from_wasm(ty: &wasmparser::TableType) -> Result<TableType> {
        if ty.table64 {
            bail!("64-bit tables are not supported by hoist");
        }
        Ok(TableType {
            element: ValType::from_ref(ty.element_type)?,
            minimum: u32::try_from(ty.initial).unwrap_or(u32::MAX),
            maximum: ty.maximum.map(|m| u32::try_from(m).unwrap_or(u32::MAX)),
        })
    }
}

impl fmt::Display for TableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.maximum {
            Some(max) => write!(f, "table {} {} {}", self.minimum, max, self.element),
            None => write!(f, "table {} {}", self.minimum, self.element),
        }
    }
}

/// The type of something that can be imported or exported.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A table.
    Table(TableType),
    /// A linear memory.
    Memory(MemoryType),
}

impl ExternType {
    /// The kind of definition, as a word for messages.
    #[inline]
    pub fn kind(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "function",
            ExternType::Global(_) => "global",
            ExternType::Table(_) => "table",
            ExternType::Memory(_) => "memory",
        }
    }
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(t) => t.fmt(f),
            ExternType::Global(t) => t.fmt(f),
            ExternType::Table(t) => t.fmt(f),
            ExternType::Memory(t) => t.fmt(f),
        }
    }
}

/// One import of a module: where it comes from and its type.
#[derive(Clone, Debug)]
pub struct ImportType<'a> {
    module: &'a str,
    name: &'a str,
    ty: ExternType,
}

impl<'a> ImportType<'a> {
    /// An import of `module`::`name` of type `ty` (how the runtime lists a
    /// module's imports).
    #[doc(hidden)]
    #[inline]
    pub fn new(module: &'a str, name: &'a str, ty: ExternType) -> ImportType<'a> {
        ImportType { module, name, ty }
    }
    /// The module name of the import.
    #[inline]
    pub fn module(&self) -> &'a str {
        self.module
    }
    /// The field name of the import.
    #[inline]
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// The expected type.
    #[inline]
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// One export of a module: its name and type.
#[derive(Clone, Debug)]
pub struct ExportType<'a> {
    name: &'a str,
    ty: ExternType,
}

impl<'a> ExportType<'a> {
    /// An export `name` of type `ty` (how the runtime lists a module's
    /// exports).
    #[doc(hidden)]
    #[inline]
    pub fn new(name: &'a str, ty: ExternType) -> ExportType<'a> {
        ExportType { name, ty }
    }
    /// The export name.
    #[inline]
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// The exported definition's type.
    #[inline]
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}
