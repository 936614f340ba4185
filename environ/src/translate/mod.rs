//! The operator translator: one validated wasm function body to one Cranelift
//! [`Function`].
//!
//! This file holds the driver: signature, locals, the operand and control
//! stacks, and structured control flow. Numeric operators live in `numeric`,
//! and everything that touches the vmctx (memories, tables, globals, calls,
//! libcalls) in `env`. Machine code, relocations and trap tables come later,
//! in `compile::mod`.

mod env;
mod interrupt;
mod numeric;
mod simd;

use crate::offsets::VMOffsets;
use crate::types::{FuncType, ValType};
use anyhow::{bail, Result};
use cranelift_codegen::ir::{
    self, types, AbiParam, ArgumentPurpose, Block, BlockArg, Function, InstBuilder, Signature,
    Type, UserFuncName, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use std::collections::HashMap;
use wasmparser::{BlockType, Operator};

pub use env::FuncEnv;

/// The Cranelift type that carries values of `ty`.
pub fn clif_type(ty: ValType) -> Type {
    match ty {
        ValType::I32 => types::I32,
        ValType::I64 => types::I64,
        ValType::F32 => types::F32,
        ValType::F64 => types::F64,
        ValType::V128 => types::I8X16,
        ValType::FuncRef | ValType::ExternRef => types::I64,
    }
}

/// The native signature of a wasm function of type `ty`:
/// `(callee_vmctx, caller_vmctx, params…) -> results…`.
pub fn wasm_signature(ty: &FuncType, call_conv: CallConv) -> Signature {
    let mut sig = Signature::new(call_conv);
    sig.params
        .push(AbiParam::special(types::I64, ArgumentPurpose::VMContext));
    sig.params.push(AbiParam::new(types::I64));
    sig.params
        .extend(ty.params().iter().map(|t| AbiParam::new(clif_type(*t))));
    sig.returns
        .extend(ty.results().iter().map(|t| AbiParam::new(clif_type(*t))));
    sig
}

#[derive(Debug)]
enum FrameKind {
    Block,
    Loop {
        header: Block,
    },
    If {
        else_block: Block,
        params: Vec<Value>,
        else_seen: bool,
    },
    Function,
}

/// One entry of the control stack.
#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    /// Continuation after `end`; its block parameters are the frame's results.
    next: Block,
    num_params: usize,
    num_results: usize,
    /// Operand-stack height below the frame's parameters.
    height: usize,
    /// Whether the frame's start was reachable (decides the `else` arm).
    start_reachable: bool,
    /// Whether anything jumps to (or falls through into) `next`.
    exit_reachable: bool,
}

struct Translator<'a, 'f> {
    env: &'a FuncEnv<'a>,
    b: FunctionBuilder<'f>,
    vmctx: Value,
    stack: Vec<Value>,
    control: Vec<Frame>,
    locals: Vec<Variable>,
    reachable: bool,
    /// Blocks opened while unreachable, skipped until their `end`.
    dead_depth: u32,
    sigs: HashMap<u32, ir::SigRef>,
    direct: HashMap<u32, ir::FuncRef>,
    libcall_sigs: HashMap<crate::libcalls::Libcall, ir::SigRef>,
    /// Per memory: the definition pointer and, unless the memory may move,
    /// its base, loaded in the entry block.
    memory_bases: Vec<(Value, Option<Value>)>,
    /// The store context pointer, when fuel or epoch checks need it.
    store_ctx: Option<Value>,
    /// Fuel used by the operators since the last update of the counter.
    fuel_pending: i64,
}

/// Translates the body of defined function `defined_index` to CLIF.
/// Returns the function and its deepest nesting of control frames (blocks,
/// loops and ifs, the function body included).
pub fn translate_function(
    env: &FuncEnv<'_>,
    defined_index: u32,
    body: &wasmparser::FunctionBody<'_>,
    fctx: &mut FunctionBuilderContext,
) -> Result<(Function, usize)> {
    let func_index = env.info.num_imported_funcs + defined_index;
    let ty = env.info.func_type(func_index);
    let sig = wasm_signature(ty, env.call_conv);
    let mut func = Function::with_name_signature(UserFuncName::user(0, defined_index), sig);
    let vmctx_gv = func.create_global_value(ir::GlobalValueData::VMContext);
    let ro = func
        .dfg
        .mem_flags
        .insert_unchecked(ir::MemFlagsData::trusted().with_readonly());
    let rw = func
        .dfg
        .mem_flags
        .insert_unchecked(ir::MemFlagsData::trusted());
    let store_ctx = func.create_global_value(ir::GlobalValueData::Load {
        base: vmctx_gv,
        offset: (VMOffsets::STORE_CONTEXT as i32).into(),
        global_type: types::I64,
        flags: ro,
    });
    let limit = func.create_global_value(ir::GlobalValueData::Load {
        base: store_ctx,
        offset: (crate::offsets::STORE_CONTEXT_STACK_LIMIT as i32).into(),
        global_type: types::I64,
        flags: rw,
    });
    func.stack_limit = Some(limit);

    let mut b = FunctionBuilder::new(&mut func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let vmctx = b.block_params(entry)[0];

    // Locals: parameters first, then the declared locals, zero-initialised.
    let mut locals = Vec::new();
    for (i, p) in ty.params().iter().enumerate() {
        let var = b.declare_var(clif_type(*p));
        let v = b.block_params(entry)[i + 2];
        b.def_var(var, v);
        locals.push(var);
    }
    let mut reader = body.get_binary_reader();
    let groups = reader.read_var_u32()?;
    for _ in 0..groups {
        let count = reader.read_var_u32()?;
        let vt = ValType::from_wasm(reader.read()?)?;
        let ct = clif_type(vt);
        for _ in 0..count {
            let var = b.declare_var(ct);
            let zero = zero_value(&mut b, ct);
            b.def_var(var, zero);
            locals.push(var);
        }
    }

    let ret = b.create_block();
    for r in ty.results() {
        b.append_block_param(ret, clif_type(*r));
    }
    let mut t = Translator {
        env,
        b,
        vmctx,
        stack: Vec::new(),
        control: vec![Frame {
            kind: FrameKind::Function,
            next: ret,
            num_params: 0,
            num_results: ty.results().len(),
            height: 0,
            start_reachable: true,
            exit_reachable: false,
        }],
        locals,
        reachable: true,
        dead_depth: 0,
        sigs: HashMap::new(),
        direct: HashMap::new(),
        libcall_sigs: HashMap::new(),
        memory_bases: Vec::new(),
        store_ctx: None,
        fuel_pending: 0,
    };
    t.load_memory_bases();
    t.entry_checks();
    let mut ops = wasmparser::OperatorsReader::new(reader);
    let mut max_depth = 1;
    while !ops.eof() {
        let op = ops.read()?;
        t.op(op)?;
        max_depth = max_depth.max(t.control.len());
    }
    t.b.finalize(env.frontend_config);
    Ok((func, max_depth))
}

fn zero_value(b: &mut FunctionBuilder<'_>, ty: Type) -> Value {
    match ty {
        types::F32 => b.ins().f32const(0.0),
        types::F64 => b.ins().f64const(0.0),
        types::I8X16 => simd::zero_vector(b),
        t => b.ins().iconst(t, 0),
    }
}

fn block_args(vals: &[Value]) -> Vec<BlockArg> {
    vals.iter().map(|v| BlockArg::Value(*v)).collect()
}

impl Translator<'_, '_> {
    fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("validated code never underflows the operand stack")
    }

    fn pop2(&mut self) -> (Value, Value) {
        let b = self.pop();
        let a = self.pop();
        (a, b)
    }

    fn pop3(&mut self) -> (Value, Value, Value) {
        let c = self.pop();
        let (a, b) = self.pop2();
        (a, b, c)
    }

    fn peekn(&self, n: usize) -> &[Value] {
        &self.stack[self.stack.len() - n..]
    }

    fn block_type(&self, bt: BlockType) -> Result<(Vec<Type>, Vec<Type>)> {
        Ok(match bt {
            BlockType::Empty => (vec![], vec![]),
            BlockType::Type(t) => (vec![], vec![clif_type(ValType::from_wasm(t)?)]),
            BlockType::FuncType(idx) => {
                let ft = &self.env.info.types[idx as usize];
                (
                    ft.params().iter().map(|t| clif_type(*t)).collect(),
                    ft.results().iter().map(|t| clif_type(*t)).collect(),
                )
            }
        })
    }

    fn new_block_with(&mut self, tys: &[Type]) -> Block {
        let block = self.b.create_block();
        for t in tys {
            self.b.append_block_param(block, *t);
        }
        block
    }

    /// The block a branch of relative depth `depth` jumps to, and its arity.
    fn branch_target(&mut self, depth: u32) -> (Block, usize) {
        let i = self.control.len() - 1 - depth as usize;
        let frame = &mut self.control[i];
        match frame.kind {
            FrameKind::Loop { header } => (header, frame.num_params),
            _ => {
                frame.exit_reachable = true;
                (frame.next, frame.num_results)
            }
        }
    }

    fn op(&mut self, op: Operator<'_>) -> Result<()> {
        if !self.reachable {
            return self.dead_op(op);
        }
        self.consume_fuel(&op);
        match op {
            Operator::Nop => {}
            Operator::Unreachable => {
                self.b.ins().trap(crate::Trap::Unreachable.to_trap_code());
                self.reachable = false;
            }
            Operator::Block { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let next = self.new_block_with(&results);
                self.control.push(Frame {
                    kind: FrameKind::Block,
                    next,
                    num_params: params.len(),
                    num_results: results.len(),
                    height: self.stack.len() - params.len(),
                    start_reachable: true,
                    exit_reachable: false,
                });
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let header = self.new_block_with(&params);
                let next = self.new_block_with(&results);
                let args = block_args(self.peekn(params.len()));
                self.b.ins().jump(header, &args);
                let h = self.stack.len() - params.len();
                self.stack.truncate(h);
                self.b.switch_to_block(header);
                self.interrupt_checks();
                self.stack.extend_from_slice(self.b.block_params(header));
                self.control.push(Frame {
                    kind: FrameKind::Loop { header },
                    next,
                    num_params: params.len(),
                    num_results: results.len(),
                    height: h,
                    start_reachable: true,
                    exit_reachable: false,
                });
            }
            Operator::If { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let cond = self.pop();
                let then_block = self.b.create_block();
                let else_block = self.b.create_block();
                let next = self.new_block_with(&results);
                self.b.ins().brif(cond, then_block, &[], else_block, &[]);
                self.b.seal_block(then_block);
                self.b.seal_block(else_block);
                self.b.switch_to_block(then_block);
                let saved = self.peekn(params.len()).to_vec();
                self.control.push(Frame {
                    kind: FrameKind::If {
                        else_block,
                        params: saved,
                        else_seen: false,
                    },
                    next,
                    num_params: params.len(),
                    num_results: results.len(),
                    height: self.stack.len() - params.len(),
                    start_reachable: true,
                    exit_reachable: false,
                });
            }
            Operator::Else => self.else_()?,
            Operator::End => self.end()?,
            Operator::Br { relative_depth } => {
                let (target, n) = self.branch_target(relative_depth);
                let args = block_args(self.peekn(n));
                self.b.ins().jump(target, &args);
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop();
                let (target, n) = self.branch_target(relative_depth);
                let args = block_args(self.peekn(n));
                let cont = self.b.create_block();
                self.b.ins().brif(cond, target, &args, cont, &[]);
                self.b.seal_block(cont);
                self.b.switch_to_block(cont);
            }
            Operator::BrTable { targets } => {
                let index = self.pop();
                let default = targets.default();
                let depths = targets.targets().collect::<Result<Vec<u32>, _>>()?;
                let (_, arity) = self.branch_target(default);
                let args = block_args(self.peekn(arity));
                // Jump tables carry no arguments: where the targets take some,
                // each distinct depth goes through an edge block that passes them.
                let mut edges: HashMap<u32, Block> = HashMap::new();
                let mut pending: Vec<(Block, Block)> = Vec::new();
                let mut all = depths.clone();
                all.push(default);
                for d in all {
                    if edges.contains_key(&d) {
                        continue;
                    }
                    let (target, _) = self.branch_target(d);
                    let blk = if args.is_empty() {
                        target
                    } else {
                        let e = self.b.create_block();
                        pending.push((e, target));
                        e
                    };
                    edges.insert(d, blk);
                }
                let table: Vec<_> = depths
                    .iter()
                    .map(|d| self.b.func.dfg.block_call(edges[d], &[]))
                    .collect();
                let def = self.b.func.dfg.block_call(edges[&default], &[]);
                let jt = self
                    .b
                    .create_jump_table(ir::JumpTableData::new(def, &table));
                self.b.ins().br_table(index, jt);
                for (e, target) in pending {
                    self.b.switch_to_block(e);
                    self.b.seal_block(e);
                    self.b.ins().jump(target, &args);
                }
                self.reachable = false;
            }
            Operator::Return => {
                let n = self.control[0].num_results;
                let vals = self.peekn(n).to_vec();
                self.b.ins().return_(&vals);
                self.reachable = false;
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } | Operator::TypedSelectMulti { .. } => {
                let (a, b, c) = self.pop3();
                let v = self.b.ins().select(c, a, b);
                self.stack.push(v);
            }
            Operator::LocalGet { local_index } => {
                let v = self.b.use_var(self.locals[local_index as usize]);
                self.stack.push(v);
            }
            Operator::LocalSet { local_index } => {
                let v = self.pop();
                self.b.def_var(self.locals[local_index as usize], v);
            }
            Operator::LocalTee { local_index } => {
                let v = *self.stack.last().expect("validated");
                self.b.def_var(self.locals[local_index as usize], v);
            }
            other => {
                if !self.env_op(&other)? && !self.numeric_op(&other)? && !self.simd_op(&other)? {
                    bail!("unsupported operator: {other:?}");
                }
            }
        }
        Ok(())
    }

    /// Operators in unreachable code: only the block structure matters.
    fn dead_op(&mut self, op: Operator<'_>) -> Result<()> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.dead_depth += 1
            }
            Operator::Else if self.dead_depth == 0 => self.else_()?,
            Operator::End if self.dead_depth == 0 => self.end()?,
            Operator::End => self.dead_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    fn else_(&mut self) -> Result<()> {
        let reachable = self.reachable;
        let frame = self.control.last_mut().expect("validated: else inside if");
        let FrameKind::If {
            else_block,
            params,
            else_seen,
        } = &mut frame.kind
        else {
            bail!("`else` outside of `if`");
        };
        *else_seen = true;
        let else_block = *else_block;
        let params = params.clone();
        let (next, n, h, start) = (
            frame.next,
            frame.num_results,
            frame.height,
            frame.start_reachable,
        );
        if reachable {
            frame.exit_reachable = true;
            let args = block_args(self.peekn(n));
            self.b.ins().jump(next, &args);
        }
        self.stack.truncate(h);
        self.stack.extend(params);
        self.b.switch_to_block(else_block);
        self.reachable = start;
        Ok(())
    }

    fn end(&mut self) -> Result<()> {
        let reachable = self.reachable;
        let mut frame = self.control.pop().expect("validated: end matches a frame");
        if reachable {
            frame.exit_reachable = true;
            let args = block_args(self.peekn(frame.num_results));
            self.b.ins().jump(frame.next, &args);
        }
        match &frame.kind {
            FrameKind::If {
                else_block,
                params,
                else_seen: false,
            } => {
                // An `if` without `else` passes its parameters through.
                self.b.switch_to_block(*else_block);
                if frame.start_reachable {
                    frame.exit_reachable = true;
                    let args = block_args(params);
                    self.b.ins().jump(frame.next, &args);
                }
            }
            FrameKind::Loop { header } => self.b.seal_block(*header),
            _ => {}
        }
        self.stack.truncate(frame.height);
        self.b.switch_to_block(frame.next);
        self.b.seal_block(frame.next);
        self.stack
            .extend_from_slice(self.b.block_params(frame.next));
        self.reachable = frame.exit_reachable;
        if !self.reachable {
            // Nothing reaches the continuation: close it; what follows is dead.
            self.b.ins().trap(crate::Trap::Unreachable.to_trap_code());
        } else if let FrameKind::Function = frame.kind {
            let vals = self.b.block_params(frame.next).to_vec();
            self.b.ins().return_(&vals);
        }
        Ok(())
    }
}
