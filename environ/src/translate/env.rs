//! Operators that reach through the vmctx: memory accesses, globals, tables,
//! calls, references and libcalls.
//!
//! The vmctx layout comes from [`VMOffsets`]; nothing here computes an offset
//! of its own. Pure arithmetic lives in `numeric`.

use super::{clif_type, wasm_signature, Translator};
use crate::libcalls::Libcall;
use crate::memory_layout::MemoryLayout;
use crate::module_info::ModuleInfo;
use crate::offsets::{self as off, VMOffsets};
use crate::tunables::BoundsChecks;
use crate::Trap;
use anyhow::Result;
use cranelift_codegen::ir::{
    self, condcodes::IntCC, types, InstBuilder, MemFlagsData, Type, Value,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use wasmparser::{MemArg, Operator};

/// What the translator knows of the module around a function.
pub struct FuncEnv<'a> {
    /// The module.
    pub info: &'a ModuleInfo,
    /// Its vmctx layout.
    pub offsets: &'a VMOffsets,
    /// Engine-wide type id of each module type index.
    pub type_ids: &'a [u32],
    /// How memory accesses are checked.
    pub bounds: BoundsChecks,
    /// How memories are laid out: which accesses the guard region covers,
    /// which memories may move.
    pub memory_layout: MemoryLayout,
    /// The calling convention of wasm functions.
    pub call_conv: CallConv,
    /// The target's frontend configuration.
    pub frontend_config: TargetFrontendConfig,
    /// Whether code counts fuel (`Config::consume_fuel`).
    pub consume_fuel: bool,
    /// Whether code checks the epoch (`Config::epoch_interruption`).
    pub epoch_interruption: bool,
}

/// Flags of loads from the vmctx that never change for the instance's life.
fn frozen() -> MemFlagsData {
    MemFlagsData::trusted().with_readonly().with_can_move()
}

fn heap_flags() -> MemFlagsData {
    MemFlagsData::new()
        .with_endianness(ir::Endianness::Little)
        .with_trap_code(Some(Trap::MemoryOutOfBounds.to_trap_code()))
}

impl Translator<'_, '_> {
    /// Loads each memory's definition pointer in the entry block, and its
    /// base where the base never moves, so that every access can use them.
    /// A memory that may move when it grows (a reservation smaller than its
    /// maximum, see `MemoryLayout`) has its base reloaded at each access.
    pub(super) fn load_memory_bases(&mut self) {
        for (i, ty) in self.env.info.memories.iter().enumerate() {
            let def = self.b.ins().load(
                types::I64,
                frozen(),
                self.vmctx,
                self.env.offsets.memory(i as u32) as i32,
            );
            let base = if self.env.memory_layout.base_may_move(ty.maximum()) {
                None
            } else {
                Some(
                    self.b
                        .ins()
                        .load(types::I64, frozen(), def, off::MEMORY_BASE as i32),
                )
            };
            self.memory_bases.push((def, base));
        }
    }

    /// The native address of a `size`-byte access at `index + offset` in memory `mem`,
    /// with a bounds check where the guard region does not cover it.
    pub(super) fn heap_addr(&mut self, mem: u32, index: Value, offset: u64, size: u64) -> Value {
        let (def, base) = self.memory_bases[mem as usize];
        let index = self.b.ins().uextend(types::I64, index);
        let covered = matches!(self.env.bounds, BoundsChecks::GuardPages)
            && self.env.memory_layout.guard_covers(offset, size);
        if !covered {
            let len = self.b.ins().load(
                types::I64,
                MemFlagsData::trusted(),
                def,
                off::MEMORY_LENGTH as i32,
            );
            let end = self.b.ins().iadd_imm_s(index, (offset + size) as i64);
            let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
            self.b
                .ins()
                .trapnz(oob, Trap::MemoryOutOfBounds.to_trap_code());
        }
        // A base that may move is read after the check, as of now: any call
        // since the last access may have grown (and moved) the memory.
        let base = base.unwrap_or_else(|| {
            self.b.ins().load(
                types::I64,
                MemFlagsData::trusted(),
                def,
                off::MEMORY_BASE as i32,
            )
        });
        let addr = self.b.ins().iadd(base, index);
        if offset == 0 {
            addr
        } else {
            self.b.ins().iadd_imm_s(addr, offset as i64)
        }
    }

    fn load(&mut self, m: &MemArg, ty: Type, size: u64, kind: Load) {
        let index = self.pop();
        let addr = self.heap_addr(mem_index(m), index, m.offset, size);
        let f = heap_flags();
        let v = match kind {
            Load::Plain => self.b.ins().load(ty, f, addr, 0),
            Load::S8 => self.b.ins().sload8(ty, f, addr, 0),
            Load::U8 => self.b.ins().uload8(ty, f, addr, 0),
            Load::S16 => self.b.ins().sload16(ty, f, addr, 0),
            Load::U16 => self.b.ins().uload16(ty, f, addr, 0),
            Load::S32 => self.b.ins().sload32(f, addr, 0),
            Load::U32 => self.b.ins().uload32(f, addr, 0),
        };
        self.stack.push(v);
    }

    fn store(&mut self, m: &MemArg, size: u64) {
        let value = self.pop();
        let index = self.pop();
        let addr = self.heap_addr(mem_index(m), index, m.offset, size);
        let f = heap_flags();
        let vt = self.b.func.dfg.value_type(value);
        match (size, vt.bytes() as u64) {
            (1, _) => self.b.ins().istore8(f, value, addr, 0),
            (2, _) => self.b.ins().istore16(f, value, addr, 0),
            (4, 8) => self.b.ins().istore32(f, value, addr, 0),
            _ => self.b.ins().store(f, value, addr, 0),
        };
    }

    fn global_addr(&mut self, index: u32) -> (Value, i32) {
        let info = self.env.info;
        if index < info.num_imported_globals {
            let ptr = self.b.ins().load(
                types::I64,
                frozen(),
                self.vmctx,
                self.env.offsets.imported_global(index) as i32,
            );
            (ptr, 0)
        } else {
            (
                self.vmctx,
                self.env
                    .offsets
                    .defined_global(index - info.num_imported_globals) as i32,
            )
        }
    }

    fn sig_for_type(&mut self, type_index: u32) -> ir::SigRef {
        if let Some(s) = self.sigs.get(&type_index) {
            return *s;
        }
        let sig = wasm_signature(
            &self.env.info.types[type_index as usize],
            self.env.call_conv,
        );
        let s = self.b.import_signature(sig);
        self.sigs.insert(type_index, s);
        s
    }

    pub(super) fn libcall(&mut self, call: Libcall, args: &[Value]) -> Option<Value> {
        let sig = match self.libcall_sigs.get(&call) {
            Some(s) => *s,
            None => {
                let s = self.b.import_signature(call.signature(self.env.call_conv));
                self.libcall_sigs.insert(call, s);
                s
            }
        };
        let table = self
            .b
            .ins()
            .load(types::I64, frozen(), self.vmctx, VMOffsets::LIBCALLS as i32);
        let f = self
            .b
            .ins()
            .load(types::I64, frozen(), table, (call.index() * 8) as i32);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(args);
        let inst = self.b.ins().call_indirect(sig, f, &all);
        self.b.inst_results(inst).first().copied()
    }

    fn call_results(&mut self, inst: ir::Inst) {
        let results = self.b.inst_results(inst).to_vec();
        self.stack.extend(results);
    }

    fn call(&mut self, func: u32) {
        let info = self.env.info;
        let ty = info.func_type(func);
        let n = ty.params().len();
        let args_start = self.stack.len() - n;
        let mut args = Vec::with_capacity(n + 2);
        if let Some(defined) = info.defined_func(func) {
            let callee = match self.direct.get(&func) {
                Some(f) => *f,
                None => {
                    let sig = self.sig_for_type(info.funcs[func as usize]);
                    let name = self
                        .b
                        .func
                        .declare_imported_user_function(ir::UserExternalName::new(0, defined));
                    let f = self.b.import_function(ir::ExtFuncData {
                        name: ir::ExternalName::user(name),
                        signature: sig,
                        colocated: true,
                        patchable: false,
                    });
                    self.direct.insert(func, f);
                    f
                }
            };
            args.extend([self.vmctx, self.vmctx]);
            args.extend_from_slice(&self.stack[args_start..]);
            self.stack.truncate(args_start);
            let inst = self.b.ins().call(callee, &args);
            self.call_results(inst);
        } else {
            let sig = self.sig_for_type(info.funcs[func as usize]);
            let base = self.env.offsets.funcref(func) as i32;
            let code = self.b.ins().load(
                types::I64,
                frozen(),
                self.vmctx,
                base + off::FUNCREF_NATIVE_CALL as i32,
            );
            let callee_vmctx = self.b.ins().load(
                types::I64,
                frozen(),
                self.vmctx,
                base + off::FUNCREF_VMCTX as i32,
            );
            args.extend([callee_vmctx, self.vmctx]);
            args.extend_from_slice(&self.stack[args_start..]);
            self.stack.truncate(args_start);
            let inst = self.b.ins().call_indirect(sig, code, &args);
            self.call_results(inst);
        }
    }

    fn call_indirect(&mut self, type_index: u32, table: u32) {
        let index = self.pop();
        let def = self.b.ins().load(
            types::I64,
            frozen(),
            self.vmctx,
            self.env.offsets.table(table) as i32,
        );
        let len = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            def,
            off::TABLE_LENGTH as i32,
        );
        let index = self.b.ins().uextend(types::I64, index);
        let oob = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, index, len);
        self.b
            .ins()
            .trapnz(oob, Trap::TableOutOfBounds.to_trap_code());
        let base = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            def,
            off::TABLE_BASE as i32,
        );
        let scaled = self.b.ins().ishl_imm_u(index, 3);
        let slot = self.b.ins().iadd(base, scaled);
        let funcref = self
            .b
            .ins()
            .load(types::I64, MemFlagsData::trusted(), slot, 0);
        self.b
            .ins()
            .trapz(funcref, Trap::IndirectCallToNull.to_trap_code());
        let tid = self.b.ins().load(
            types::I32,
            MemFlagsData::trusted(),
            funcref,
            off::FUNCREF_TYPE_ID as i32,
        );
        let expected = self.env.type_ids[type_index as usize];
        let ok = self
            .b
            .ins()
            .icmp_imm_u(IntCC::Equal, tid, i64::from(expected));
        self.b.ins().trapz(ok, Trap::BadSignature.to_trap_code());
        let code = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            funcref,
            off::FUNCREF_NATIVE_CALL as i32,
        );
        let callee_vmctx = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            funcref,
            off::FUNCREF_VMCTX as i32,
        );
        let sig = self.sig_for_type(type_index);
        let n = self.env.info.types[type_index as usize].params().len();
        let args_start = self.stack.len() - n;
        let mut args = vec![callee_vmctx, self.vmctx];
        args.extend_from_slice(&self.stack[args_start..]);
        self.stack.truncate(args_start);
        let inst = self.b.ins().call_indirect(sig, code, &args);
        self.call_results(inst);
    }

    fn imm(&mut self, v: u32) -> Value {
        self.b.ins().iconst(types::I32, i64::from(v))
    }

    /// Translates `op` if it touches the vmctx; returns whether it did.
    pub(super) fn env_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use types::{F32, F64, I32, I64};
        match op {
            Operator::I32Load { memarg } => self.load(memarg, I32, 4, Load::Plain),
            Operator::I64Load { memarg } => self.load(memarg, I64, 8, Load::Plain),
            Operator::F32Load { memarg } => self.load(memarg, F32, 4, Load::Plain),
            Operator::F64Load { memarg } => self.load(memarg, F64, 8, Load::Plain),
            Operator::I32Load8S { memarg } => self.load(memarg, I32, 1, Load::S8),
            Operator::I32Load8U { memarg } => self.load(memarg, I32, 1, Load::U8),
            Operator::I32Load16S { memarg } => self.load(memarg, I32, 2, Load::S16),
            Operator::I32Load16U { memarg } => self.load(memarg, I32, 2, Load::U16),
            Operator::I64Load8S { memarg } => self.load(memarg, I64, 1, Load::S8),
            Operator::I64Load8U { memarg } => self.load(memarg, I64, 1, Load::U8),
            Operator::I64Load16S { memarg } => self.load(memarg, I64, 2, Load::S16),
            Operator::I64Load16U { memarg } => self.load(memarg, I64, 2, Load::U16),
            Operator::I64Load32S { memarg } => self.load(memarg, I64, 4, Load::S32),
            Operator::I64Load32U { memarg } => self.load(memarg, I64, 4, Load::U32),
            Operator::I32Store { memarg }
            | Operator::F32Store { memarg }
            | Operator::I64Store32 { memarg } => self.store(memarg, 4),
            Operator::I64Store { memarg } | Operator::F64Store { memarg } => self.store(memarg, 8),
            Operator::I32Store8 { memarg } | Operator::I64Store8 { memarg } => {
                self.store(memarg, 1)
            }
            Operator::I32Store16 { memarg } | Operator::I64Store16 { memarg } => {
                self.store(memarg, 2)
            }
            Operator::MemorySize { mem } => {
                let (def, _) = self.memory_bases[*mem as usize];
                let len =
                    self.b
                        .ins()
                        .load(I64, MemFlagsData::trusted(), def, off::MEMORY_LENGTH as i32);
                let pages = self.b.ins().ushr_imm_u(len, 16);
                let v = self.b.ins().ireduce(I32, pages);
                self.stack.push(v);
            }
            Operator::MemoryGrow { mem } => {
                let delta = self.pop();
                let m = self.imm(*mem);
                let r = self
                    .libcall(Libcall::MemoryGrow, &[m, delta])
                    .expect("returns");
                self.stack.push(r);
            }
            Operator::MemoryFill { mem } => {
                let (d, v, n) = self.pop3();
                let m = self.imm(*mem);
                self.libcall(Libcall::MemoryFill, &[m, d, v, n]);
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                let (d, s, n) = self.pop3();
                let dm = self.imm(*dst_mem);
                let sm = self.imm(*src_mem);
                self.libcall(Libcall::MemoryCopy, &[dm, d, sm, s, n]);
            }
            Operator::MemoryInit { data_index, mem } => {
                let (d, s, n) = self.pop3();
                let m = self.imm(*mem);
                let di = self.imm(*data_index);
                self.libcall(Libcall::MemoryInit, &[m, di, d, s, n]);
            }
            Operator::DataDrop { data_index } => {
                let di = self.imm(*data_index);
                self.libcall(Libcall::DataDrop, &[di]);
            }
            Operator::GlobalGet { global_index } => {
                let ty = clif_type(self.env.info.globals[*global_index as usize].content());
                let (base, offset) = self.global_addr(*global_index);
                let v = self.b.ins().load(ty, MemFlagsData::trusted(), base, offset);
                self.stack.push(v);
            }
            Operator::GlobalSet { global_index } => {
                let v = self.pop();
                let (base, offset) = self.global_addr(*global_index);
                self.b.ins().store(MemFlagsData::trusted(), v, base, offset);
            }
            Operator::Call { function_index } => self.call(*function_index),
            Operator::CallIndirect {
                type_index,
                table_index,
            } => self.call_indirect(*type_index, *table_index),
            Operator::RefNull { .. } => {
                let v = self.b.ins().iconst(I64, 0);
                self.stack.push(v);
            }
            Operator::RefIsNull => {
                let r = self.pop();
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
                let v = self.b.ins().uextend(I32, c);
                self.stack.push(v);
            }
            Operator::RefFunc { function_index } => {
                let v = self.b.ins().iadd_imm_s(
                    self.vmctx,
                    i64::from(self.env.offsets.funcref(*function_index)),
                );
                self.stack.push(v);
            }
            Operator::TableGet { table } => {
                let i = self.pop();
                let t = self.imm(*table);
                let v = self.libcall(Libcall::TableGet, &[t, i]).expect("returns");
                self.stack.push(v);
            }
            Operator::TableSet { table } => {
                let (i, v) = self.pop2();
                let t = self.imm(*table);
                self.libcall(Libcall::TableSet, &[t, i, v]);
            }
            Operator::TableSize { table } => {
                let def = self.b.ins().load(
                    I64,
                    frozen(),
                    self.vmctx,
                    self.env.offsets.table(*table) as i32,
                );
                let len =
                    self.b
                        .ins()
                        .load(I64, MemFlagsData::trusted(), def, off::TABLE_LENGTH as i32);
                let v = self.b.ins().ireduce(I32, len);
                self.stack.push(v);
            }
            Operator::TableGrow { table } => {
                let (init, delta) = self.pop2();
                let t = self.imm(*table);
                let v = self
                    .libcall(Libcall::TableGrow, &[t, delta, init])
                    .expect("returns");
                self.stack.push(v);
            }
            Operator::TableFill { table } => {
                let (d, v, n) = self.pop3();
                let t = self.imm(*table);
                self.libcall(Libcall::TableFill, &[t, d, v, n]);
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                let (d, s, n) = self.pop3();
                let dt = self.imm(*dst_table);
                let st = self.imm(*src_table);
                self.libcall(Libcall::TableCopy, &[dt, st, d, s, n]);
            }
            Operator::TableInit { elem_index, table } => {
                let (d, s, n) = self.pop3();
                let t = self.imm(*table);
                let e = self.imm(*elem_index);
                self.libcall(Libcall::TableInit, &[t, e, d, s, n]);
            }
            Operator::ElemDrop { elem_index } => {
                let e = self.imm(*elem_index);
                self.libcall(Libcall::ElemDrop, &[e]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[derive(Clone, Copy)]
enum Load {
    Plain,
    S8,
    U8,
    S16,
    U16,
    S32,
    U32,
}

/// The memory a load or store addresses.
pub(super) fn mem_index(m: &MemArg) -> u32 {
    match m.target {
        wasmparser::MemArgTarget::Memory(i) => i,
        // GC arrays are not enabled, so validation never lets these through.
        wasmparser::MemArgTarget::Array(_) => 0,
    }
}
